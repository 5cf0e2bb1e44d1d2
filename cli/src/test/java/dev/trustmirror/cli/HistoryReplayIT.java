package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.process.GitDaemon;
import dev.trustmirror.testkit.process.GitRepoWriter;
import dev.trustmirror.testkit.process.NginxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays Sigstore's real root-signing history 01 → 08 through every source type with the CLI,
 * pinned at 1.root.json, each step at its own fixed time. After each step the published current
 * generation is byte-identical to that history point and status reports its versions.
 */
class HistoryReplayIT {
  @TempDir Path tmp;

  interface Upstream {
    /** Makes {@code point} the upstream's current state and returns the --source URL. */
    String moveTo(HistoryPoint point) throws Exception;
  }

  @Test
  void replaysThroughDirectorySource() throws Exception {
    replay(point -> point.directory().toString());
  }

  @Test
  void replaysThroughHttpServedByNginx() throws Exception {
    Path served = Files.createDirectories(tmp.resolve("served"));
    try (NginxServer nginx = NginxServer.start(served)) {
      replay(
          point -> {
            replaceContent(served, point.directory());
            return nginx.baseUrl().toString();
          });
      assertThat(nginx.accessLogLines()).isNotEmpty();
    }
  }

  @Test
  void replaysThroughGitDaemonWithOneCommitPerHistoryPoint() throws Exception {
    Path base = Files.createDirectories(tmp.resolve("git"));
    GitRepoWriter repo = GitRepoWriter.init(base.resolve("root-signing"));
    try (GitDaemon daemon = GitDaemon.start(base)) {
      replay(
          point -> {
            Path layout = tmp.resolve("layout-" + point.number());
            if (!Files.exists(layout)) {
              SigstoreTestData.toGitLayout(point.directory(), layout);
              repo.commitTree(layout, "history point " + point.number());
            }
            return daemon.url("root-signing").toString();
          });
    }
  }

  @Test
  void replaysThroughGitFileUrl() throws Exception {
    GitRepoWriter repo = GitRepoWriter.init(tmp.resolve("root-signing"));
    replay(
        point -> {
          Path layout = tmp.resolve("layout-" + point.number());
          if (!Files.exists(layout)) {
            SigstoreTestData.toGitLayout(point.directory(), layout);
            repo.commitTree(layout, "history point " + point.number());
          }
          return "git+" + repo.directory().toUri();
        });
  }

  private void replay(Upstream upstream) throws Exception {
    Path out = tmp.resolve("out");
    Path pin = SigstoreTestData.historyPoint(1).directory().resolve("1.root.json");
    for (HistoryPoint point : SigstoreTestData.historyPoints()) {
      String source = upstream.moveTo(point);
      String time = point.validAt().toString();
      Cli sync =
          Cli.run(
              "sync",
              "--source",
              source,
              "--root",
              pin.toString(),
              "--out",
              out.toString(),
              "--time",
              time);
      assertThat(sync.exitCode()).as("sync %s: %s", point.number(), sync.err()).isZero();

      Map<String, byte[]> expected = Cli.files(point.directory());
      Map<String, byte[]> published = Cli.files(out.resolve("current").toRealPath());
      assertThat(published.keySet()).as("point %s", point.number()).isEqualTo(expected.keySet());
      expected.forEach(
          (path, bytes) ->
              assertThat(published.get(path)).as("%s %s", point.number(), path).isEqualTo(bytes));

      Cli status = Cli.run("status", "--repo", out.toString(), "--time", time, "-o", "json");
      assertThat(status.exitCode()).as(status.out()).isBetween(0, 2);
      Map<String, JsonNode> roles = new HashMap<>();
      status.json().get("roles").forEach(r -> roles.put(r.get("role").asText(), r));
      assertThat(roles.get("root").get("version").asInt()).isEqualTo(point.versions().root());
      assertThat(roles.get("timestamp").get("version").asInt())
          .isEqualTo(point.versions().timestamp());
      assertThat(roles.get("timestamp").get("expires").asText())
          .isEqualTo(point.timestampExpires().toString());
      assertThat(roles.get("snapshot").get("version").asInt())
          .isEqualTo(point.versions().snapshot());
      assertThat(roles.get("targets").get("version").asInt()).isEqualTo(point.versions().targets());
      assertThat(roles.get(HistoryPoint.DELEGATED_ROLE).get("version").asInt())
          .isEqualTo(point.versions().delegated());
    }
    // Re-running at the last point publishes nothing new.
    HistoryPoint last = SigstoreTestData.historyPoint(8);
    Path before = out.resolve("current").toRealPath();
    Cli again =
        Cli.run(
            "sync",
            "--source",
            upstream.moveTo(last),
            "--out",
            out.toString(),
            "--time",
            last.validAt().toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("Unchanged");
    assertThat(out.resolve("current").toRealPath()).isEqualTo(before);
    try (Stream<Path> gens = Files.list(out.resolve("generations"))) {
      assertThat(gens.count()).as("--keep 3").isEqualTo(3);
    }
  }

  static void replaceContent(Path target, Path content) throws Exception {
    try (Stream<Path> old = Files.walk(target)) {
      for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(target)) {
          Files.delete(p);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(content)) {
      for (Path p : walk.toList()) {
        Path dest = target.resolve(content.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
