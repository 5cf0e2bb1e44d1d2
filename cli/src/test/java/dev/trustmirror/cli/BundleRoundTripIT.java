package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, test 1: export on the connected side, import on the disconnected side, with Sigstore's
 * real repository at history point 08 and a pinned clock. The published result is byte-identical to
 * the source, and exporting twice gives the same bundle.
 */
class BundleRoundTripIT {
  static final HistoryPoint POINT = SigstoreTestData.historyPoint(8);
  static final String TIME = POINT.validAt().toString();
  @TempDir Path tmp;
  Path pin;

  @BeforeEach
  void pinTheFirstRoot() {
    pin = POINT.directory().resolve("1.root.json");
  }

  static Cli export(String source, Path root, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bundle", "export", "--source", source, "--out", out.toString(), "--time", TIME));
    if (root != null) {
      args.addAll(List.of("--root", root.toString()));
    }
    args.addAll(List.of(more));
    Cli c = Cli.run(args.toArray(String[]::new));
    assertThat(c.exitCode()).as("export: %s", c.err()).isZero();
    return c;
  }

  static void assertSameFiles(Path actual, Path expected) {
    Map<String, byte[]> want = Cli.files(expected);
    Map<String, byte[]> got = Cli.files(actual);
    assertThat(got.keySet()).isEqualTo(want.keySet());
    want.forEach((path, bytes) -> assertThat(got.get(path)).as(path).isEqualTo(bytes));
  }

  @Test
  void importPublishesExactlyWhatWasExported() throws Exception {
    Path bundle = tmp.resolve("sigstore.tar.gz");
    Cli exported = export(POINT.directory().toString(), pin, bundle);
    assertThat(exported.out()).startsWith("Exported " + bundle).contains("31 files");

    Path out = tmp.resolve("mirror");
    Cli imported =
        Cli.run(
            "bundle",
            "import",
            bundle.toString(),
            "--out",
            out.toString(),
            "--root",
            pin.toString(),
            "--time",
            TIME);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out())
        .startsWith("Published " + out.resolve("generations"))
        .contains("timestamp valid for 6 days 23 hours (until 2026-08-28T19:25:56Z)");
    assertSameFiles(out.resolve("current").toRealPath(), POINT.directory());

    // Importing the same bundle again publishes nothing new.
    Path current = out.resolve("current").toRealPath();
    Cli again =
        Cli.run("bundle", "import", bundle.toString(), "--out", out.toString(), "--time", TIME);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("Unchanged");
    assertThat(out.resolve("current").toRealPath()).isEqualTo(current);
  }

  @Test
  void exportingTwiceGivesTheSameBundle() throws Exception {
    Path first = tmp.resolve("first.tar.gz");
    Path second = tmp.resolve("second.tar.gz");
    export(POINT.directory().toString(), pin, first);
    export(POINT.directory().toString(), pin, second);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void exportsTheCurrentGenerationOfASyncOutputDirectory() throws Exception {
    Path synced = tmp.resolve("synced");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            POINT.directory().toString(),
            "--root",
            pin.toString(),
            "--out",
            synced.toString(),
            "--time",
            TIME);
    assertThat(sync.exitCode()).as(sync.err()).isZero();
    Path bundle = tmp.resolve("from-sync.tar.gz");
    export(synced.toString(), null, bundle);

    Path out = tmp.resolve("mirror");
    Cli imported =
        Cli.run(
            "bundle",
            "import",
            bundle.toString(),
            "--out",
            out.toString(),
            "--root",
            pin.toString(),
            "--time",
            TIME);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertSameFiles(out.resolve("current").toRealPath(), POINT.directory());
  }

  @Test
  void aSignedBundleVerifiesWithOpensslAndWithVerifyKey() throws Exception {
    Path key = tmp.resolve("admin.pem");
    Path pub = tmp.resolve("admin.pub.pem");
    openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key.toString());
    openssl("ec", "-in", key.toString(), "-pubout", "-out", pub.toString());
    Path bundle = tmp.resolve("signed.tar.gz");
    Path again = tmp.resolve("signed-again.tar.gz");
    export(POINT.directory().toString(), pin, bundle, "--sign-key", key.toString());
    export(POINT.directory().toString(), pin, again, "--sign-key", key.toString());
    assertThat(Files.readAllBytes(again))
        .as("RFC 6979 signatures")
        .isEqualTo(Files.readAllBytes(bundle));

    Path manifest = Files.write(tmp.resolve("manifest.json"), entry(bundle, "manifest.json"));
    Path sig = Files.write(tmp.resolve("manifest.json.sig"), entry(bundle, "manifest.json.sig"));
    String verified =
        openssl(
            "dgst",
            "-sha256",
            "-verify",
            pub.toString(),
            "-signature",
            sig.toString(),
            manifest.toString());
    assertThat(verified).contains("Verified OK");

    Path out = tmp.resolve("mirror");
    Cli imported =
        Cli.run(
            "bundle",
            "import",
            bundle.toString(),
            "--out",
            out.toString(),
            "--root",
            pin.toString(),
            "--verify-key",
            pub.toString(),
            "--time",
            TIME);
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("signature verified");
    assertSameFiles(out.resolve("current").toRealPath(), POINT.directory());
  }

  @Test
  void syncAcceptsABundleSource() throws Exception {
    Path bundle = tmp.resolve("sigstore.tar.gz");
    export(POINT.directory().toString(), pin, bundle);
    Path out = tmp.resolve("mirror");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            "bundle:" + bundle,
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--time",
            TIME);
    assertThat(sync.exitCode()).as(sync.err()).isZero();
    assertSameFiles(out.resolve("current").toRealPath(), POINT.directory());
  }

  @Test
  void inspectShowsTheManifestChecksAndExpiryWithoutImporting() throws Exception {
    Path bundle = tmp.resolve("sigstore.tar.gz");
    export(POINT.directory().toString(), pin, bundle);

    Cli text = Cli.run("bundle", "inspect", bundle.toString(), "--time", TIME);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("created:      " + TIME)
        .contains("signature:    unsigned")
        .contains("TUF:          not run (give --root)")
        .contains("timestamp valid for 6 days 23 hours")
        .contains("Result: an import would accept this bundle");

    Cli json =
        Cli.run(
            "bundle",
            "inspect",
            bundle.toString(),
            "--root",
            pin.toString(),
            "--time",
            TIME,
            "-o",
            "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode n = json.json();
    assertThat(n.get("ok").asBoolean()).isTrue();
    assertThat(n.get("tuf").asText()).isEqualTo("verified");
    assertThat(n.get("manifest").get("files")).hasSize(31);
    assertThat(n.get("manifest").get("source").asText()).isEqualTo(POINT.directory().toString());

    Cli late =
        Cli.run(
            "bundle",
            "inspect",
            bundle.toString(),
            "--time",
            POINT.timestampExpires().plusSeconds(60).toString(),
            "-o",
            "json");
    assertThat(late.exitCode()).isEqualTo(1);
    assertThat(late.json().get("level").asText()).isEqualTo("expired");
    assertThat(tmp.resolve("mirror")).doesNotExist();
  }

  @Test
  void everyBundleCommandHasHelpAndBadUsageExitsTwo() {
    for (String[] help :
        List.of(
            new String[] {"bundle", "--help"},
            new String[] {"bundle", "export", "--help"},
            new String[] {"bundle", "import", "--help"},
            new String[] {"bundle", "inspect", "--help"})) {
      Cli c = Cli.run(help);
      assertThat(c.exitCode()).as(String.join(" ", help)).isZero();
      assertThat(c.out()).contains("Usage:");
    }
    Cli noRoot =
        Cli.run(
            "bundle",
            "export",
            "--source",
            "https://tuf-repo-cdn.sigstore.dev",
            "--out",
            tmp.resolve("x.tar.gz").toString());
    assertThat(noRoot.exitCode()).isEqualTo(2);
    assertThat(noRoot.err()).contains("--root").contains("--help");
    assertThat(Cli.run("bundle", "import", "--out", tmp.toString()).exitCode()).isEqualTo(2);
  }

  /** The content of one entry of a bundle, read with plain commons-compress (not our reader). */
  static byte[] entry(Path bundle, String name) throws IOException {
    try (InputStream in = Files.newInputStream(bundle);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals(name)) {
          return tar.readAllBytes();
        }
      }
    }
    throw new IllegalStateException("no entry " + name + " in " + bundle);
  }

  /** Runs openssl (a real process) and returns its output; fails when it fails. */
  static String openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "openssl is needed by this test (apt-get install openssl)", e);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    p.getInputStream().transferTo(output);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = output.toString(StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("openssl %s: %s", command, text).isZero();
    return text;
  }
}
