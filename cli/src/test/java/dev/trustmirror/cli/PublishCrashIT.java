package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync process killed with SIGKILL at several points of publishing (while the new generation is
 * being written, once it is complete, once current switched) always leaves {@code current} at a
 * complete generation that verifies, and the next sync completes the job.
 */
class PublishCrashIT {
  private static final Path JAR = Path.of("target/trust-mirror.jar");
  @TempDir Path tmp;

  @Test
  void killedSyncLeavesCurrentAtACompleteGeneration() throws Exception {
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    RepoBuilder repo = RepoBuilder.create(now);
    Path pin = tmp.resolve("1.root.json");
    Files.write(pin, repo.metadata(RoleType.ROOT, 1));
    Path upstreamA = tmp.resolve("a");
    repo.writePublished(upstreamA);
    Path out = tmp.resolve("out");
    assertThat(sync(upstreamA, pin, out, now).exitCode()).isZero();
    Map<String, byte[]> generationA = Cli.files(out.resolve("current").toRealPath());

    Random random = new Random(42);
    for (int i = 0; i < 40; i++) {
      byte[] big = new byte[1024 * 1024];
      random.nextBytes(big);
      repo.addOrChangeTarget("blobs/big-" + i + ".bin", big);
    }
    repo.bumpTargets().bumpSnapshot().bumpTimestamp();
    Path upstreamB = tmp.resolve("b");
    repo.writePublished(upstreamB);

    List<Predicate<Path>> killPoints = new ArrayList<>();
    killPoints.add(o -> hasEntry(o.resolve("generations"), n -> n.startsWith(".tmp-")));
    killPoints.add(
        o -> hasEntry(o.resolve("generations"), n -> !n.startsWith(".tmp-") && !isCurrent(o, n)));
    killPoints.add(o -> currentChangedFrom(o, generationA));
    for (Predicate<Path> killPoint : killPoints) {
      Process p = startSync(upstreamB, pin, out, now);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive() && !killPoint.test(out) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(200_000);
      }
      p.destroyForcibly().waitFor();

      Map<String, byte[]> current = Cli.files(out.resolve("current").toRealPath());
      if (killPoint == killPoints.get(0)) {
        // Killed while writing: the half-written generation is there, current is untouched.
        assertThat(hasEntry(out.resolve("generations"), n -> n.startsWith(".tmp-"))).isTrue();
        assertThat(current.keySet()).isEqualTo(generationA.keySet());
      }
      assertThat(current.keySet()).isIn(generationA.keySet(), Cli.files(upstreamB).keySet());
      Cli status = Cli.run("status", "--repo", out.toString(), "--time", now.toString());
      assertThat(status.exitCode()).as(status.out()).isZero();
    }
    Cli finish = sync(upstreamB, pin, out, now);
    assertThat(finish.exitCode()).as(finish.err()).isZero();
    assertThat(Cli.files(out.resolve("current").toRealPath()))
        .containsOnlyKeys(Cli.files(upstreamB).keySet());
    assertThat(hasEntry(out.resolve("generations"), n -> n.startsWith(".tmp-"))).isFalse();
  }

  private static Cli sync(Path source, Path pin, Path out, Instant now) {
    return Cli.run(
        "sync",
        "--source",
        source.toString(),
        "--root",
        pin.toString(),
        "--out",
        out.toString(),
        "--time",
        now.toString());
  }

  private static Process startSync(Path source, Path pin, Path out, Instant now)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-jar",
            JAR.toAbsolutePath().toString(),
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--time",
            now.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static boolean hasEntry(Path dir, Predicate<String> name) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> name.test(p.getFileName().toString()));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isCurrent(Path out, String name) {
    try {
      return out.resolve("current").toRealPath().getFileName().toString().equals(name);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean currentChangedFrom(Path out, Map<String, byte[]> before) {
    try {
      Path link = out.resolve("current");
      return Files.exists(link, LinkOption.NOFOLLOW_LINKS)
          && !Cli.files(link.toRealPath()).keySet().equals(before.keySet());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
