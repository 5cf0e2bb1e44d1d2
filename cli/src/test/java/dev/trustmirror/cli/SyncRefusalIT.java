package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trustmirror.testkit.process.GitRepoWriter;
import dev.trustmirror.testkit.tuf.MetadataAttacks;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RepoScenario;
import dev.trustmirror.testkit.tuf.RoleType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused update or an unavailable source never touches {@code current}: the command prints one
 * clear line, exits non-zero (1 for a security refusal, 3 for a transport failure) and the last
 * good generation keeps serving.
 */
class SyncRefusalIT {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  @TempDir Path tmp;
  RepoBuilder repo;
  Path pin;
  Path out;
  Path currentBefore;
  Map<String, byte[]> filesBefore;

  @BeforeEach
  void publishAGoodGeneration() throws Exception {
    repo = RepoBuilder.create(T0);
    pin = tmp.resolve("1.root.json");
    Files.write(pin, repo.metadata(RoleType.ROOT, 1));
    Path good = tmp.resolve("good");
    repo.writePublished(good);
    out = tmp.resolve("out");
    assertThat(sync(good.toString()).exitCode()).isZero();
    currentBefore = out.resolve("current").toRealPath();
    filesBefore = Cli.files(currentBefore);
  }

  private Cli sync(String source) {
    return Cli.run(
        "sync",
        "--source",
        source,
        "--root",
        pin.toString(),
        "--out",
        out.toString(),
        "--time",
        T0.toString());
  }

  private void assertCurrentUntouched() throws Exception {
    assertThat(out.resolve("current").toRealPath()).isEqualTo(currentBefore);
    Map<String, byte[]> now = Cli.files(currentBefore);
    assertThat(now.keySet()).isEqualTo(filesBefore.keySet());
    filesBefore.forEach((p, b) -> assertThat(now.get(p)).isEqualTo(b));
  }

  @Test
  void timestampRollbackIsRefusedWithOneLineAndExitOne() throws Exception {
    RepoScenario s = MetadataAttacks.on(repo.copy().bumpTimestamp()).timestampRollback();
    Path newer = tmp.resolve("newer");
    s.before().writeTo(newer);
    assertThat(sync(newer.toString()).exitCode()).isZero();
    currentBefore = out.resolve("current").toRealPath();
    filesBefore = Cli.files(currentBefore);

    Path attack = tmp.resolve("attack");
    s.served().writeTo(attack);
    Cli c = sync(attack.toString());
    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.err().lines().findFirst().orElseThrow())
        .startsWith("REFUSED (Rollback)")
        .contains("timestamp")
        .contains(attack.toString());
    assertCurrentUntouched();
  }

  @Test
  void untrustedTargetsSignerIsRefused() throws Exception {
    RepoScenario s = MetadataAttacks.on(repo).untrustedSigner(RoleType.TARGETS);
    Path attack = tmp.resolve("attack");
    s.served().writeTo(attack);
    Cli c = sync(attack.toString());
    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (ThresholdNotMet)");
    assertCurrentUntouched();
  }

  @Test
  void serverErrorInTheMiddleOfASyncIsUnavailableNotAnAttack() throws Exception {
    RepoBuilder next = repo.copy().bumpTargets().bumpSnapshot().bumpTimestamp();
    Map<String, byte[]> files = next.publishedFiles();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath().substring(1);
          byte[] body = files.get(path);
          // The source dies after the timestamp: every metadata file behind it fails with 503.
          int status = body == null ? 404 : path.endsWith(".targets.json") ? 503 : 200;
          byte[] reply = status == 200 ? body : new byte[0];
          ex.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
          ex.getResponseBody().write(reply);
          ex.close();
        });
    server.start();
    try {
      Cli c = sync("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      assertThat(c.exitCode()).as(c.err()).isEqualTo(3);
      assertThat(c.err()).startsWith("UNAVAILABLE").contains("503");
    } finally {
      server.stop(0);
    }
    assertCurrentUntouched();
  }

  @Test
  void connectionRefusedIsUnavailable() throws Exception {
    int port;
    try (java.net.ServerSocket closed =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    Cli c = sync("http://127.0.0.1:" + port + "/");
    assertThat(c.exitCode()).isEqualTo(3);
    assertCurrentUntouched();
  }

  @Test
  void removedGitRepositoryIsUnavailable() throws Exception {
    GitRepoWriter git = GitRepoWriter.init(tmp.resolve("upstream"));
    Path layout = tmp.resolve("layout");
    repo.writeGitLayout(layout);
    git.commitTree(layout, "first");
    String url = "git+" + git.directory().toUri();
    assertThat(sync(url).exitCode()).isZero();
    try (var walk = Files.walk(git.directory())) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Cli c = sync(url);
    assertThat(c.exitCode()).as(c.err()).isEqualTo(3);
    assertCurrentUntouched();
  }

  @Test
  void missingPinWithoutStateIsExplained() {
    Cli c = Cli.run("sync", "--source", tmp.toString(), "--out", tmp.resolve("fresh").toString());
    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.err()).contains("--root");
  }
}
