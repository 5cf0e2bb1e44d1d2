package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, test 2: hostile bundles. Each is imported into a directory that already serves a good
 * generation (Sigstore's real history point 08); each is refused with exit code 1 and one clear
 * line naming the rule and the entry, and {@code current} and its files stay exactly as they were.
 */
class BundleHostileIT {
  static final HistoryPoint POINT = SigstoreTestData.historyPoint(8);
  static final String TIME = POINT.validAt().toString();
  @TempDir Path tmp;
  Path pin;
  Path good;
  Path out;
  Path currentBefore;
  Map<String, byte[]> filesBefore;

  @BeforeEach
  void publishAGoodGeneration() throws Exception {
    pin = POINT.directory().resolve("1.root.json");
    good = tmp.resolve("good.tar.gz");
    BundleRoundTripIT.export(POINT.directory().toString(), pin, good);
    out = tmp.resolve("mirror");
    Cli c = importBundle(good);
    assertThat(c.exitCode()).as(c.err()).isZero();
    currentBefore = out.resolve("current").toRealPath();
    filesBefore = Cli.files(currentBefore);
  }

  private Cli importBundle(Path bundle, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bundle",
                "import",
                bundle.toString(),
                "--out",
                out.toString(),
                "--root",
                pin.toString(),
                "--time",
                TIME));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Imports {@code bundle}, expects a refusal for {@code reason} and an untouched mirror. */
  private Cli assertRefused(Path bundle, String reason, String... more) {
    Cli c = importBundle(bundle, more);
    assertThat(c.exitCode()).as("%s%n%s", c.out(), c.err()).isEqualTo(1);
    assertThat(c.err().lines().findFirst().orElseThrow())
        .startsWith("REFUSED (" + reason + ")")
        .contains(bundle.toString());
    assertThat(c.err()).contains("The published repository was not changed.");
    assertThat(c.out()).isEmpty();
    assertCurrentUntouched();
    return c;
  }

  private void assertCurrentUntouched() {
    try {
      assertThat(out.resolve("current").toRealPath()).isEqualTo(currentBefore);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    Map<String, byte[]> now = Cli.files(currentBefore);
    assertThat(now.keySet()).isEqualTo(filesBefore.keySet());
    filesBefore.forEach((p, b) -> assertThat(now.get(p)).as(p).isEqualTo(b));
    assertThat(Cli.files(out.resolve("generations"))).hasSameSizeAs(filesBefore);
  }

  @Test
  void truncatedGzip() throws Exception {
    byte[] bytes = Files.readAllBytes(good);
    Path cut = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(cut, "ArchiveTruncated");
  }

  @Test
  void fileThatDoesNotMatchTheManifestHash() throws Exception {
    Map<String, byte[]> entries = Hostile.entries(good);
    byte[] ts = entries.get("repository/timestamp.json");
    ts[ts.length / 2] ^= 1;
    Cli c =
        assertRefused(Hostile.write(tmp.resolve("tampered.tar.gz"), entries), "BundleHashMismatch");
    assertThat(c.err()).contains("timestamp.json").contains("expected sha256");
  }

  @Test
  void signatureByAnotherKey() throws Exception {
    Path key = tmp.resolve("admin.pem");
    Path other = tmp.resolve("other.pem");
    Path otherPub = tmp.resolve("other.pub.pem");
    BundleRoundTripIT.openssl(
        "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key.toString());
    BundleRoundTripIT.openssl(
        "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", other.toString());
    BundleRoundTripIT.openssl(
        "ec", "-in", other.toString(), "-pubout", "-out", otherPub.toString());
    Path signed = tmp.resolve("signed.tar.gz");
    BundleRoundTripIT.export(
        POINT.directory().toString(), pin, signed, "--sign-key", key.toString());
    assertRefused(signed, "BundleSignatureInvalid", "--verify-key", otherPub.toString());
  }

  @Test
  void unsignedWhenAVerifyKeyIsGiven() throws Exception {
    Path key = tmp.resolve("admin.pem");
    Path pub = tmp.resolve("admin.pub.pem");
    BundleRoundTripIT.openssl(
        "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", key.toString());
    BundleRoundTripIT.openssl("ec", "-in", key.toString(), "-pubout", "-out", pub.toString());
    assertRefused(good, "BundleSignatureMissing", "--verify-key", pub.toString());
  }

  @Test
  void pathTraversal() throws Exception {
    Path bundle =
        Hostile.appending(
            good,
            tmp.resolve("traversal.tar.gz"),
            "repository/../../../etc/cron.d/x",
            TarConstants.LF_NORMAL,
            "");
    Cli c = assertRefused(bundle, "ArchivePathTraversal");
    assertThat(c.err()).contains("'repository/../../../etc/cron.d/x'");
  }

  @Test
  void symbolicLink() throws Exception {
    Path bundle =
        Hostile.appending(
            good,
            tmp.resolve("symlink.tar.gz"),
            "repository/evil.json",
            TarConstants.LF_SYMLINK,
            "/etc/shadow");
    Cli c = assertRefused(bundle, "ArchiveSymbolicLink");
    assertThat(c.err()).contains("'repository/evil.json'").contains("/etc/shadow");
  }

  @Test
  void hardLink() throws Exception {
    Path bundle =
        Hostile.appending(
            good,
            tmp.resolve("hardlink.tar.gz"),
            "repository/evil.json",
            TarConstants.LF_LINK,
            "repository/1.root.json");
    assertRefused(bundle, "ArchiveHardLink");
  }

  @Test
  void deviceEntry() throws Exception {
    Path bundle =
        Hostile.appending(
            good, tmp.resolve("device.tar.gz"), "repository/sda", TarConstants.LF_BLK, "");
    assertRefused(bundle, "ArchiveDevice");
  }

  @Test
  void duplicateEntry() throws Exception {
    Path bundle =
        Hostile.appending(
            good,
            tmp.resolve("duplicate.tar.gz"),
            "repository/timestamp.json",
            TarConstants.LF_NORMAL,
            "");
    Cli c = assertRefused(bundle, "ArchiveDuplicateEntry");
    assertThat(c.err()).contains("'repository/timestamp.json'");
  }

  @Test
  void tenThousandEntries() throws Exception {
    Map<String, byte[]> entries = Hostile.entries(good);
    for (int i = 0; i < 10_000; i++) {
      entries.put(String.format("repository/extra/%05d.json", i), new byte[] {'{', '}'});
    }
    assertRefused(Hostile.write(tmp.resolve("flood.tar.gz"), entries), "ArchiveTooManyEntries");
  }

  @Test
  void oneGigabyteExpandingEntry() throws Exception {
    Path bomb = Hostile.withZeroBomb(good, tmp.resolve("bomb.tar.gz"), 1L << 30);
    assertThat(Files.size(bomb)).as("compressed on disk").isLessThan(8L << 20);
    Cli c = assertRefused(bomb, "ArchiveEntryTooLarge");
    assertThat(c.err()).contains("'repository/targets/bomb'").contains("1073741824");
  }

  @Test
  void olderRepositoryIsARollback() throws Exception {
    HistoryPoint older = SigstoreTestData.historyPoint(7);
    Path bundle = tmp.resolve("07.tar.gz");
    Cli export =
        Cli.run(
            "bundle",
            "export",
            "--source",
            older.directory().toString(),
            "--root",
            older.directory().resolve("1.root.json").toString(),
            "--out",
            bundle.toString(),
            "--time",
            older.validAt().toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    // At 07's own time, so that the refusal is about the version going down, not expiry.
    Cli c =
        Cli.run(
            "bundle",
            "import",
            bundle.toString(),
            "--out",
            out.toString(),
            "--time",
            older.validAt().toString());
    assertThat(c.exitCode()).as(c.err()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (Rollback)").contains("timestamp");
    assertCurrentUntouched();
  }

  @Test
  void expiredRepository() {
    Instant late = POINT.timestampExpires().plusSeconds(3600);
    Cli c =
        Cli.run(
            "bundle",
            "import",
            good.toString(),
            "--out",
            out.toString(),
            "--time",
            late.toString());
    assertThat(c.exitCode()).as(c.err()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (Expired)").contains("timestamp");
    assertCurrentUntouched();
  }

  @Test
  void aVerifyKeyThatIsNotAP256PublicKeyIsAUsageError() throws Exception {
    Cli c = importBundle(good, "--verify-key", pin.toString());
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--verify-key").contains("not a PEM file");
    assertCurrentUntouched();
  }

  @Test
  void syncFromAHostileBundleSourceIsARefusalToo() throws Exception {
    Path bundle =
        Hostile.appending(
            good,
            tmp.resolve("symlink.tar.gz"),
            "repository/evil.json",
            TarConstants.LF_SYMLINK,
            "/etc/shadow");
    Cli c =
        Cli.run("sync", "--source", "bundle:" + bundle, "--out", out.toString(), "--time", TIME);
    assertThat(c.exitCode()).as(c.err()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (ArchiveSymbolicLink)");
    assertCurrentUntouched();
  }

  /** Builds hostile bundles from a good one with plain commons-compress, which does not judge. */
  static final class Hostile {
    private Hostile() {}

    /** Every entry of a bundle, in order. */
    static Map<String, byte[]> entries(Path bundle) throws IOException {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      try (InputStream in = Files.newInputStream(bundle);
          TarArchiveInputStream tar =
              new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          entries.put(e.getName(), tar.readAllBytes());
        }
      }
      return entries;
    }

    static Path write(Path file, Map<String, byte[]> entries) throws IOException {
      try (TarArchiveOutputStream tar = open(file)) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
          put(tar, e.getKey(), TarConstants.LF_NORMAL, "", e.getValue());
        }
      }
      return file;
    }

    /** The good bundle plus one more entry of any type. */
    static Path appending(Path good, Path file, String name, byte type, String link)
        throws IOException {
      try (TarArchiveOutputStream tar = open(file)) {
        for (Map.Entry<String, byte[]> e : entries(good).entrySet()) {
          put(tar, e.getKey(), TarConstants.LF_NORMAL, "", e.getValue());
        }
        put(
            tar,
            name,
            type,
            link,
            type == TarConstants.LF_NORMAL ? new byte[] {'{', '}'} : new byte[0]);
      }
      return file;
    }

    /**
     * The good bundle plus an entry of {@code size} zero bytes, streamed through the compressor:
     * neither the test nor the disk ever holds the expanded bytes.
     */
    static Path withZeroBomb(Path good, Path file, long size) throws IOException {
      try (TarArchiveOutputStream tar = open(file)) {
        for (Map.Entry<String, byte[]> e : entries(good).entrySet()) {
          put(tar, e.getKey(), TarConstants.LF_NORMAL, "", e.getValue());
        }
        TarArchiveEntry bomb = new TarArchiveEntry("repository/targets/bomb", true);
        bomb.setSize(size);
        tar.putArchiveEntry(bomb);
        byte[] zeros = new byte[1 << 20];
        for (long left = size; left > 0; left -= zeros.length) {
          tar.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
        tar.closeArchiveEntry();
      }
      return file;
    }

    private static TarArchiveOutputStream open(Path file) throws IOException {
      OutputStream raw = Files.newOutputStream(file);
      GZIPOutputStream gz =
          new GZIPOutputStream(raw, 1 << 16) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          };
      TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8");
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      return tar;
    }

    private static void put(
        TarArchiveOutputStream tar, String name, byte type, String link, byte[] content)
        throws IOException {
      TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
      if (!link.isEmpty()) {
        entry.setLinkName(link);
      }
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
  }
}
