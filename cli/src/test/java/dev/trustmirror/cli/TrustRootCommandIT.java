package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustroot}: the TrustRoot of a directory published by {@code sync} (Sigstore's real
 * history point 08, clock pinned), written as YAML or JSON, to stdout or a file, read back; and
 * every failure with its exit code.
 */
class TrustRootCommandIT {
  static final HistoryPoint POINT = SigstoreTestData.historyPoint(8);
  static final String TIME = POINT.validAt().toString();
  @TempDir Path tmp;
  Path out;
  Path pin;

  @BeforeEach
  void syncHistory08() {
    out = tmp.resolve("out");
    pin = POINT.directory().resolve("1.root.json");
    sync(POINT.directory(), pin, out, TIME);
  }

  static void sync(Path source, Path root, Path out, String time) {
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            root.toString(),
            "--out",
            out.toString(),
            "--time",
            time);
    assertThat(sync.exitCode()).as(sync.err()).isZero();
  }

  Cli trustroot(String... more) {
    String[] base = {"trustroot", "--repo", out.toString(), "--name", "sigstore", "--time", TIME};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return Cli.run(args);
  }

  @Test
  void writesTheRepositoryFormAsYamlThatVerifiesToThePublishedFiles() throws Exception {
    Cli c = trustroot();
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.err()).isEmpty();
    JsonNode yaml = new YAMLMapper().readTree(c.out());
    assertThat(yaml.get("apiVersion").asText()).isEqualTo("policy.sigstore.dev/v1alpha1");
    assertThat(yaml.get("kind").asText()).isEqualTo("TrustRoot");
    assertThat(yaml.at("/metadata/name").asText()).isEqualTo("sigstore");
    assertThat(yaml.at("/spec/repository/targets").asText()).isEqualTo("targets");

    // Read back from the operator's pin: exactly the files sync published.
    VerifiedTrustRoot back =
        TrustRootReader.create(Clock.fixed(POINT.validAt(), ZoneOffset.UTC))
            .read(
                c.out().getBytes(StandardCharsets.UTF_8),
                "stdout",
                TrustAnchor.pinnedRoot(Files.readAllBytes(pin)));
    Map<String, byte[]> published = Cli.files(POINT.directory());
    assertThat(back.repository().paths()).isEqualTo(published.keySet());
    published.forEach(
        (path, bytes) -> assertThat(back.repository().bytes(path)).as(path).isEqualTo(bytes));
  }

  @Test
  void writesJsonToAFileAtomicallyAndTheSameBytesEveryTime() throws Exception {
    Path file = tmp.resolve("trustroot.json");
    Cli c = trustroot("-o", "json", "--out", file.toString());
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.out())
        .startsWith("Wrote TrustRoot sigstore (repository form, ")
        .contains("bytes of JSON, budget 1048576) to " + file)
        .contains("timestamp valid for 6 days 23 hours");
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.at("/metadata/annotations/trust-mirror.dev~1timestamp-version").asText())
        .isEqualTo("762");
    byte[] first = Files.readAllBytes(file);
    assertThat(trustroot("-o", "json", "--out", file.toString()).exitCode()).isZero();
    assertThat(Files.readAllBytes(file)).isEqualTo(first);
    try (var siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .as("no temporary file left behind")
          .containsExactlyInAnyOrder("out", "trustroot.json");
    }
    // stdout and --out carry the same resource
    Path yamlFile = tmp.resolve("trustroot.yaml");
    assertThat(trustroot("--out", yamlFile.toString()).exitCode()).isZero();
    assertThat(Files.readString(yamlFile)).isEqualTo(trustroot().out());
  }

  @Test
  void sigstoreKeysFormWarnsAboutWhatItCannotCarry() throws Exception {
    Cli c = trustroot("--form", "sigstoreKeys");
    assertThat(c.exitCode()).as(c.err()).isZero();
    JsonNode yaml = new YAMLMapper().readTree(c.out());
    assertThat(yaml.at("/spec/sigstoreKeys/certificateAuthorities")).hasSize(2);
    assertThat(yaml.at("/spec/repository").isMissingNode()).isTrue();
    assertThat(c.err().lines())
        .hasSize(3)
        .allMatch(l -> l.startsWith("warning: "))
        .anyMatch(l -> l.contains("certificateAuthorities[0] is valid until 2022-12-31"))
        .anyMatch(l -> l.contains("tLogs[1]") && l.contains("Ed25519"));
  }

  @Test
  void readsAFileBackAndPrintsRolesVersionsAndExpiries() throws Exception {
    Path file = tmp.resolve("trustroot.yaml");
    assertThat(trustroot("--out", file.toString()).exitCode()).isZero();
    Cli read = Cli.run("trustroot", "--read", file.toString(), "--time", TIME);
    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out())
        .startsWith("TrustRoot sigstore (" + file + ")")
        .contains("from its own spec.repository.root")
        .contains("root:         version 15")
        .contains("timestamp", "762", "registry.npmjs.org")
        .endsWith("Result: verified\n");
    Cli pinned =
        Cli.run("trustroot", "--read", file.toString(), "--root", pin.toString(), "--time", TIME);
    assertThat(pinned.exitCode()).as(pinned.err()).isZero();
    assertThat(pinned.out()).contains("from --root " + pin);
  }

  @Test
  void readingBackJudgesExpiryWithTheRealClock() throws Exception {
    Path file = tmp.resolve("trustroot.yaml");
    assertThat(trustroot("--out", file.toString()).exitCode()).isZero();
    String later = POINT.timestampExpires().plus(Duration.ofDays(1)).toString();
    Cli read = Cli.run("trustroot", "--read", file.toString(), "--time", later);
    // It verifies as of its verified-at annotation, and is then reported expired now.
    assertThat(read.exitCode()).isEqualTo(1);
    assertThat(read.out()).contains("timestamp EXPIRED").endsWith("Result: EXPIRED\n");
  }

  @Test
  void readingBackATamperedFileIsRefused() throws Exception {
    Path file = tmp.resolve("trustroot.yaml");
    assertThat(trustroot("--out", file.toString()).exitCode()).isZero();
    Files.writeString(
        file, Files.readString(file).replace("kind: \"TrustRoot\"", "kind: \"ConfigMap\""));
    Cli read = Cli.run("trustroot", "--read", file.toString(), "--time", TIME);
    assertThat(read.exitCode()).isEqualTo(1);
    assertThat(read.err()).startsWith("REFUSED (TrustRootWrongKind)");
  }

  @Test
  void refusesAnExpiredRepositoryAndWritesNothing() {
    Path file = tmp.resolve("trustroot.yaml");
    String later = POINT.timestampExpires().plusSeconds(1).toString();
    Cli c =
        Cli.run(
            "trustroot",
            "--repo",
            out.toString(),
            "--name",
            "sigstore",
            "--time",
            later,
            "--out",
            file.toString());
    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (Expired)").contains("No TrustRoot was written.");
    assertThat(file).doesNotExist();
  }

  @Test
  void refusesATamperedPublishedDirectory() throws Exception {
    Path ts = out.resolve("current").toRealPath().resolve("timestamp.json");
    Files.writeString(ts, Files.readString(ts).replace("\"version\": 762", "\"version\": 763"));
    Cli c = trustroot();
    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (");
    assertThat(c.out()).isEmpty();
  }

  @Test
  void refusesARepositoryTooLargeForOneResourceAndSaysHowLarge() throws Exception {
    Instant signed = Instant.parse("2026-03-01T10:00:00Z");
    byte[] noise = new byte[900 * 1024];
    new Random(7).nextBytes(noise);
    RepoBuilder builder = RepoBuilder.create(signed).addOrChangeTarget("big.bin", noise);
    Path source = tmp.resolve("big-source");
    builder.writePublished(source);
    Path root = tmp.resolve("big-root.json");
    Files.write(root, builder.metadata(RoleType.ROOT, 1));
    Path bigOut = tmp.resolve("big-out");
    String time = signed.plus(Duration.ofHours(1)).toString();
    sync(source, root, bigOut, time);

    Path file = tmp.resolve("big.yaml");
    Cli c =
        Cli.run(
            "trustroot",
            "--repo",
            bigOut.toString(),
            "--name",
            "big",
            "--time",
            time,
            "--out",
            file.toString());
    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.err())
        .startsWith("REFUSED (TooLarge)")
        .containsPattern("it would be 1[0-9]{6} bytes of JSON, over the budget of 1048576 bytes")
        .contains("--form sigstoreKeys");
    assertThat(file).doesNotExist();
    // The keys alone fit.
    Cli keys =
        Cli.run(
            "trustroot",
            "--repo",
            bigOut.toString(),
            "--name",
            "big",
            "--time",
            time,
            "--form",
            "sigstoreKeys");
    assertThat(keys.exitCode()).as(keys.err()).isZero();
  }

  @Test
  void aMissingDirectoryIsAnIoError() {
    Cli c =
        Cli.run(
            "trustroot",
            "--repo",
            tmp.resolve("nothing").toString(),
            "--name",
            "x",
            "--time",
            TIME);
    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.err()).startsWith("FAILED");
    Cli read = Cli.run("trustroot", "--read", tmp.resolve("nothing.yaml").toString());
    assertThat(read.exitCode()).isEqualTo(3);
  }

  @Test
  void badUsageIsExitCodeTwo() {
    String dir = out.toString();
    String[][] bad = {
      {"trustroot", "--repo", dir, "--name", "Not_A_Name"},
      {"trustroot", "--repo", dir},
      {"trustroot", "--name", "sigstore"},
      {"trustroot", "--repo", dir, "--name", "sigstore", "-o", "xml"},
      {"trustroot", "--repo", dir, "--name", "sigstore", "--form", "remote"},
      {"trustroot", "--repo", dir, "--name", "sigstore", "--root", "x.json"},
      {"trustroot", "--read", "x.yaml", "--name", "sigstore"},
      {"trustroot", "--read", "x.yaml", "-o", "json"},
    };
    for (String[] args : bad) {
      Cli c = Cli.run(args);
      assertThat(c.exitCode()).as(String.join(" ", args) + ": " + c.err()).isEqualTo(2);
      assertThat(c.err()).contains("--help");
    }
  }

  @Test
  void hasHelp() {
    Cli c = Cli.run("trustroot", "--help");
    assertThat(c.exitCode()).isZero();
    assertThat(c.out()).contains("Usage:", "--form", "--read", "Exit codes:");
  }
}
