package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.process.NginxServer;
import dev.trustmirror.testkit.tuf.MetadataAttacks;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RepoScenario;
import dev.trustmirror.testkit.tuf.RoleType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TUF conformance suite's client protocol, against a real nginx. */
class TufClientIT {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  @TempDir Path tmp;

  @Test
  void initRefreshAndDownloadStoreExactBytes() throws Exception {
    RepoBuilder repo = RepoBuilder.create(T0).rotateRoot().bumpTimestamp();
    Path served = tmp.resolve("served");
    repo.writePublished(served);
    Path root = tmp.resolve("root.json");
    Files.write(root, repo.metadata(RoleType.ROOT, 1));
    Path meta = tmp.resolve("meta");
    Path targets = tmp.resolve("targets");
    String time = T0.toString();

    assertThat(
            Cli.run("tuf-client", "--metadata-dir", meta.toString(), "init", root.toString())
                .exitCode())
        .isZero();
    try (NginxServer nginx = NginxServer.start(served)) {
      String url = nginx.baseUrl().toString();
      Cli refresh =
          Cli.run(
              "tuf-client",
              "--metadata-url",
              url,
              "--metadata-dir",
              meta.toString(),
              "--time",
              time,
              "refresh");
      assertThat(refresh.exitCode()).as(refresh.err()).isZero();
      Map<String, byte[]> files = Cli.files(meta);
      assertThat(files)
          .containsOnlyKeys(
              "root.json",
              "timestamp.json",
              "snapshot.json",
              "targets.json",
              repo.options().delegatedRole() + ".json");
      assertThat(files.get("root.json")).isEqualTo(repo.metadata(RoleType.ROOT));
      assertThat(files.get("timestamp.json")).isEqualTo(repo.metadata(RoleType.TIMESTAMP));
      assertThat(files.get("targets.json")).isEqualTo(repo.metadata(RoleType.TARGETS));
      // refresh fetched metadata only
      assertThat(nginx.accessLogLines()).noneMatch(l -> l.contains("/targets/"));

      Cli download =
          Cli.run(
              "tuf-client",
              "--metadata-url",
              url,
              "--metadata-dir",
              meta.toString(),
              "--target-name",
              "trusted_root.json",
              "--target-dir",
              targets.toString(),
              "--target-base-url",
              url + "targets/",
              "--time",
              time,
              "download");
      assertThat(download.exitCode()).as(download.err()).isZero();
      assertThat(targets.resolve("trusted_root.json"))
          .hasBinaryContent(repo.targets().get("trusted_root.json"));

      Cli missing =
          Cli.run(
              "tuf-client",
              "--metadata-url",
              url,
              "--metadata-dir",
              meta.toString(),
              "--target-name",
              "no-such-target",
              "--target-dir",
              targets.toString(),
              "--target-base-url",
              url + "targets/",
              "--time",
              time,
              "download");
      assertThat(missing.exitCode()).isEqualTo(1);
    }
  }

  @Test
  void refusedRefreshExitsOneAndKeepsTrustedMetadata() throws Exception {
    RepoScenario s = MetadataAttacks.on(RepoBuilder.create(T0).bumpTimestamp()).timestampRollback();
    Path before = tmp.resolve("before");
    s.before().writeTo(before);
    Path attack = tmp.resolve("attack");
    s.served().writeTo(attack);
    Path root = tmp.resolve("root.json");
    Files.write(root, s.before().toMap().get("1.root.json"));
    Path meta = tmp.resolve("meta");
    Cli.run("tuf-client", "--metadata-dir", meta.toString(), "init", root.toString());
    try (NginxServer good = NginxServer.start(before);
        NginxServer bad = NginxServer.start(attack)) {
      String time = s.clientTime().toString();
      assertThat(
              Cli.run(
                      "tuf-client",
                      "--metadata-url",
                      good.baseUrl().toString(),
                      "--metadata-dir",
                      meta.toString(),
                      "--time",
                      time,
                      "refresh")
                  .exitCode())
          .isZero();
      Map<String, byte[]> trusted = Cli.files(meta);
      Cli refused =
          Cli.run(
              "tuf-client",
              "--metadata-url",
              bad.baseUrl().toString(),
              "--metadata-dir",
              meta.toString(),
              "--time",
              time,
              "refresh");
      assertThat(refused.exitCode()).isEqualTo(1);
      Map<String, byte[]> after = Cli.files(meta);
      assertThat(after.keySet()).isEqualTo(trusted.keySet());
      trusted.forEach((k, v) -> assertThat(after.get(k)).isEqualTo(v));
    }
  }
}
