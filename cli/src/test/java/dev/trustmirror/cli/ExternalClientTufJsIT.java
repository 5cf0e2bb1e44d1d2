package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, test 1: tuf-js (npm {@code tuf-js}, pinned in {@code clients/tuf-js/package-lock.json},
 * run by the machine's {@code node}), a TUF client nobody here wrote, refreshes against {@code
 * trust-mirror serve} (the runnable jar, its own process) from a pinned root and downloads {@code
 * trusted_root.json} byte for byte as published.
 *
 * <p>The clock: tuf-js has no clock option; its {@code TrustedMetadataStore} takes {@code new
 * Date()} when the {@code Updater} is created (TUF 5.1). Two runs cover that:
 *
 * <ul>
 *   <li>Sigstore's real history point 08, which is expired today, with the clock pinned at the
 *       point's valid instant by {@code refresh.mjs --time}: the script replaces the global {@code
 *       Date} before it loads tuf-js (no-argument {@code new Date()} and {@code Date.now()} return
 *       the pinned instant). The same run without {@code --time} is refused as expired, which shows
 *       that the pin, not luck, is what the client checked against. tuf-js reads hex keys, so it
 *       starts at {@code 1.root.json} and walks all 15 roots through the server.
 *   <li>A generated repository, signed at the real current time so that it is valid for tuf-js's
 *       own, unpinned clock: tuf-js runs unmodified.
 * </ul>
 */
class ExternalClientTufJsIT {
  private static final Duration SWITCH_LIMIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void refreshesRealSigstoreHistoryFromRoot1WithPinnedClock() throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    PublishedRepository published = PublishedRepository.ofHistory(point, tmp.resolve("out"));

    try (ServeProcess server =
        ServeProcess.start(published.out(), "--time", point.validAt().toString())) {
      TufJsClient client = TufJsClient.pinnedAt(published.pinnedRoot(), tmp.resolve("client"));
      Path download = tmp.resolve("download/trusted_root.json");
      TufJsClient.Run run =
          client.refresh(
              server.baseUrl(), "trusted_root.json", download, Optional.of(point.validAt()));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(Files.readAllBytes(download)).isEqualTo(published.target("trusted_root.json"));
      JsonNode trusted = run.summary().orElseThrow();
      assertThat(Instant.parse(trusted.get("referenceTime").asText())).isEqualTo(point.validAt());
      assertThat(trusted.get("root").asInt()).isEqualTo(point.versions().root());
      assertThat(trusted.get("timestamp").asInt()).isEqualTo(point.versions().timestamp());
      assertThat(trusted.get("snapshot").asInt()).isEqualTo(point.versions().snapshot());
      assertThat(trusted.get("targets").asInt()).isEqualTo(point.versions().targets());
    }
  }

  @Test
  void refusesRealSigstoreHistoryAtTheRealClockShowingThePinMatters() throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    PublishedRepository published = PublishedRepository.ofHistory(point, tmp.resolve("out"));

    try (ServeProcess server =
        ServeProcess.start(published.out(), "--time", point.validAt().toString())) {
      TufJsClient client = TufJsClient.pinnedAt(published.pinnedRoot(), tmp.resolve("client"));
      TufJsClient.Run run =
          client.refresh(
              server.baseUrl(),
              "trusted_root.json",
              tmp.resolve("download/trusted_root.json"),
              Optional.empty());

      assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
      assertThat(run.output()).contains("expired");
    }
  }

  @Test
  void refreshesGeneratedRepositoryWithItsOwnClockAndFollowsANewGenerationWithoutRestart()
      throws Exception {
    // The one place these tests read the system clock: tuf-js runs here with its own clock, so
    // the repository must be valid now. The server and sync get the same instant pinned.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    RepoBuilder repo = RepoBuilder.create(now);
    repo.rotateRoot().bumpTimestamp();
    PublishedRepository published = PublishedRepository.ofGenerated(repo, tmp, now);

    try (ServeProcess server = ServeProcess.start(published.out())) {
      TufJsClient client = TufJsClient.pinnedAt(published.pinnedRoot(), tmp.resolve("client"));
      Path first = tmp.resolve("download-1/trusted_root.json");
      TufJsClient.Run before =
          client.refresh(server.baseUrl(), "trusted_root.json", first, Optional.empty());
      assertThat(before.exitCode()).as(before.output()).isZero();
      assertThat(Files.readAllBytes(first)).isEqualTo(repo.targets().get("trusted_root.json"));
      assertThat(before.summary().orElseThrow().get("root").asInt()).isEqualTo(2);

      // A new generation (root 3, new trusted_root.json) is published into the same --out while
      // the server runs; the same client installation (its metadata dir) refreshes again.
      byte[] newTrustedRoot = "{\"mediaType\":\"rotated\"}".getBytes(StandardCharsets.UTF_8);
      repo.rotateRoot().addOrChangeTarget("trusted_root.json", newTrustedRoot);
      PublishedRepository next = published.republish(repo, now);
      server.awaitServed(
          "timestamp.json",
          Files.readAllBytes(next.current().resolve("timestamp.json")),
          SWITCH_LIMIT);

      Path second = tmp.resolve("download-2/trusted_root.json");
      TufJsClient.Run after =
          client.refresh(server.baseUrl(), "trusted_root.json", second, Optional.empty());
      assertThat(after.exitCode()).as(after.output()).isZero();
      assertThat(Files.readAllBytes(second)).isEqualTo(newTrustedRoot);
      JsonNode trusted = after.summary().orElseThrow();
      assertThat(trusted.get("root").asInt()).isEqualTo(3);
      assertThat(trusted.get("timestamp").asInt())
          .isGreaterThan(before.summary().orElseThrow().get("timestamp").asInt());
    }
  }
}
