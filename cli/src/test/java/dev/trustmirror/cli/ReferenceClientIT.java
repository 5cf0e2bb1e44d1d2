package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.process.NginxServer;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sigstore-java's own TUF client, which nobody here wrote, updates against what we publish (served
 * by a real nginx) and reads {@code trusted_root.json}: our output is usable by the reference
 * client.
 */
class ReferenceClientIT {
  @TempDir Path tmp;

  @Test
  void sigstoreJavaUpdaterRefreshesFromPublishedRealRepository() throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    Path out = tmp.resolve("out");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            point.directory().toString(),
            "--root",
            point.directory().resolve("1.root.json").toString(),
            "--out",
            out.toString(),
            "--time",
            point.validAt().toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();

    // sigstore-java reads PEM keys only; Sigstore's roots 1-4 have hex keys, so it starts at 5.
    byte[] expected =
        Files.readAllBytes(
            point.directory().resolve("targets").resolve(trustedRootName(point.directory())));
    byte[] got =
        refreshWithSigstoreJava(out, point.directory().resolve("5.root.json"), point.validAt());
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void sigstoreJavaUpdaterRefreshesFromPublishedGeneratedRepositoryFromRoot1() throws Exception {
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    RepoBuilder repo = RepoBuilder.create(now);
    repo.rotateRoot().bumpTimestamp();
    Path upstream = tmp.resolve("upstream");
    repo.writePublished(upstream);
    Path pin = tmp.resolve("1.root.json");
    Files.write(pin, repo.metadata(RoleType.ROOT, 1));
    Path out = tmp.resolve("out");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            upstream.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--time",
            now.toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();

    byte[] got = refreshWithSigstoreJava(out, pin, now);
    assertThat(got).isEqualTo(repo.targets().get("trusted_root.json"));
  }

  private byte[] refreshWithSigstoreJava(Path out, Path root, Instant now) throws Exception {
    try (NginxServer nginx = NginxServer.start(out.resolve("current").toRealPath())) {
      Path store = tmp.resolve("sigstore-java-" + System.nanoTime());
      return new SigstoreJavaClient(nginx.baseUrl(), root, store).update(now).trustedRoot();
    }
  }

  private static String trustedRootName(Path dir) throws Exception {
    try (var files = Files.list(dir.resolve("targets"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".trusted_root.json"))
          .findFirst()
          .orElseThrow();
    }
  }
}
