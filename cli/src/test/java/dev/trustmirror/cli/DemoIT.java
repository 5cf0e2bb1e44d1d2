package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's {@code demo} runs to completion offline and leaves a verified mirror. */
class DemoIT {
  @TempDir Path tmp;

  @Test
  void demoRunsToCompletionAndPublishesAVerifiedRepository() throws Exception {
    Cli demo = Cli.run("demo", "--dir", tmp.toString());
    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).contains("Published", "Overall: OK", "Next:");

    Path current = tmp.resolve("mirror/current").toRealPath();
    assertThat(current.resolve("2.root.json")).exists();
    try (var targets = Files.walk(current.resolve("targets"))) {
      assertThat(targets.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.endsWith(".trusted_root.json"))
          .anyMatch(n -> n.endsWith(".keys.json"));
    }
    Cli status = Cli.run("status", "--repo", tmp.resolve("mirror").toString(), "-o", "json");
    assertThat(status.exitCode()).isZero();
    assertThat(status.json().get("roles").get(0).get("version").asInt()).isEqualTo(2);

    // The air-gap steps: the imported side holds the same files, and its TrustRoot reads back.
    Path imported = tmp.resolve("air-gapped/current").toRealPath();
    try (var files = Files.walk(current)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(imported.resolve(current.relativize(f))).hasSameBinaryContentAs(f);
      }
    }
    Cli read = Cli.run("trustroot", "--read", tmp.resolve("trustroot.yaml").toString());
    assertThat(read.exitCode()).as(read.out() + read.err()).isZero();
    assertThat(read.out()).contains("sigstore-mirror");
  }
}
