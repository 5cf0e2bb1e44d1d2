package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 1: sigstore-java's TUF client ({@code Updater} with its {@code HttpFetcher}), which
 * nobody here wrote, refreshes against {@code trust-mirror serve} (the runnable jar, its own
 * process) and gets {@code trusted_root.json} byte for byte as published. The client's clock is a
 * {@code Clock.fixed}, and the server gets the same instant with {@code --time}.
 */
class ExternalClientSigstoreJavaIT {
  private static final Duration SWITCH_LIMIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void refreshesRealSigstoreHistoryFromRoot5WithPinnedClock() throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    PublishedRepository published = PublishedRepository.ofHistory(point, tmp.resolve("out"));

    try (ServeProcess server =
        ServeProcess.start(published.out(), "--time", point.validAt().toString())) {
      // sigstore-java reads PEM keys only; Sigstore's roots 1-4 have hex keys, so it starts at 5
      // and walks the root chain 6..15 from the server.
      SigstoreJavaClient client =
          new SigstoreJavaClient(
              server.baseUrl(), point.directory().resolve("5.root.json"), tmp.resolve("client"));
      SigstoreJavaClient.Result result = client.update(point.validAt());

      assertThat(result.trustedRoot()).isEqualTo(published.target("trusted_root.json"));
      assertThat(result.rootVersion()).isEqualTo(point.versions().root());
      assertThat(result.timestampVersion()).isEqualTo(point.versions().timestamp());
    }
  }

  @Test
  void refreshesGeneratedRepositoryFromRoot1AndFollowsANewGenerationWithoutRestart()
      throws Exception {
    Instant first = Instant.parse("2026-11-01T00:00:00Z");
    RepoBuilder repo = RepoBuilder.create(first);
    repo.rotateRoot().bumpTimestamp();
    PublishedRepository published = PublishedRepository.ofGenerated(repo, tmp, first);

    try (ServeProcess server = ServeProcess.start(published.out(), "--time", first.toString())) {
      SigstoreJavaClient client =
          new SigstoreJavaClient(server.baseUrl(), published.pinnedRoot(), tmp.resolve("client"));
      SigstoreJavaClient.Result before = client.update(first);
      assertThat(before.rootVersion()).isEqualTo(2);
      assertThat(before.trustedRoot()).isEqualTo(repo.targets().get("trusted_root.json"));

      // The sync agent publishes a new generation (root 3, new trusted_root.json) into the same
      // --out while the server runs; the same client installation refreshes again.
      Instant second = first.plus(Duration.ofHours(1));
      byte[] newTrustedRoot = "{\"mediaType\":\"rotated\"}".getBytes(StandardCharsets.UTF_8);
      repo.at(second).rotateRoot().addOrChangeTarget("trusted_root.json", newTrustedRoot);
      PublishedRepository next = published.republish(repo, second);
      server.awaitServed(
          "timestamp.json",
          Files.readAllBytes(next.current().resolve("timestamp.json")),
          SWITCH_LIMIT);

      SigstoreJavaClient.Result after = client.update(second);
      assertThat(after.rootVersion()).isEqualTo(3);
      assertThat(after.timestampVersion()).isGreaterThan(before.timestampVersion());
      assertThat(after.trustedRoot()).isEqualTo(newTrustedRoot);
    }
  }
}
