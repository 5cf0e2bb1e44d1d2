package dev.trustmirror.bundles.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.bundles.archive.ArchiveRefusedException.Rule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class SafeTarGzReaderTest {
  static final EntryNames BUNDLE =
      EntryNames.of(Set.of("manifest.json", "manifest.json.sig"), Set.of("repository"));
  static final ArchiveLimits SMALL = new ArchiveLimits(10, 1024 * 1024, 2 * 1024 * 1024);

  static SortedMap<String, byte[]> read(byte[] tarGz, ArchiveLimits limits) throws Exception {
    return SafeTarGzReader.read(new ByteArrayInputStream(tarGz), "b.tar.gz", limits, BUNDLE);
  }

  static void assertRefused(byte[] tarGz, Rule rule, String entry) {
    assertRefused(tarGz, ArchiveLimits.defaults(), rule, entry);
  }

  static void assertRefused(byte[] tarGz, ArchiveLimits limits, Rule rule, String entry) {
    assertThatThrownBy(() -> read(tarGz, limits))
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.entry()).isEqualTo(java.util.Optional.ofNullable(entry));
              assertThat(e.archive()).isEqualTo("b.tar.gz");
              assertThat(e.reason()).startsWith("Archive");
            });
  }

  @Test
  void readsPlainFilesByPath() throws Exception {
    String longPath = "repository/targets/registry.npmjs.org/" + "a".repeat(64) + ".keys.json";
    byte[] tarGz =
        TarBuilder.create()
            .file("manifest.json", "{}")
            .file("repository/1.root.json", "root")
            .file(longPath, "keys")
            .tarGz();
    SortedMap<String, byte[]> files = read(tarGz, ArchiveLimits.defaults());
    assertThat(files.keySet()).containsExactly("manifest.json", "repository/1.root.json", longPath);
    assertThat(new String(files.get(longPath), StandardCharsets.UTF_8)).isEqualTo("keys");
  }

  @Test
  void refusesAbsolutePaths() {
    assertRefused(
        TarBuilder.create().file("/repository/x.json", "x").tarGz(),
        Rule.ABSOLUTE_PATH,
        "/repository/x.json");
    assertRefused(
        TarBuilder.create().file("C:/repository/x.json", "x").tarGz(),
        Rule.ABSOLUTE_PATH,
        "C:/repository/x.json");
  }

  @Test
  void refusesAnAbsolutePathCarriedByAnExtendedHeader() {
    // commons-compress's own reader would strip this leading slash and report a relative path.
    String name = "/repository/" + "b".repeat(120);
    assertRefused(TarBuilder.create().file(name, "x").tarGz(), Rule.ABSOLUTE_PATH, name);
  }

  @Test
  void refusesPathTraversal() {
    assertRefused(
        TarBuilder.create().file("repository/../../etc/cron.d/x", "x").tarGz(),
        Rule.PATH_TRAVERSAL,
        "repository/../../etc/cron.d/x");
    assertRefused(TarBuilder.create().file("../x", "x").tarGz(), Rule.PATH_TRAVERSAL, "../x");
    assertRefused(
        TarBuilder.create().file("repository\\..\\x", "x").tarGz(),
        Rule.PATH_TRAVERSAL,
        "repository\\..\\x");
  }

  @Test
  void refusesOtherUnsafePaths() {
    assertRefused(
        TarBuilder.create().file("repository//x", "x").tarGz(), Rule.INVALID_PATH, "repository//x");
    assertRefused(
        TarBuilder.create().file("repository/./x", "x").tarGz(),
        Rule.INVALID_PATH,
        "repository/./x");
    assertRefused(
        TarBuilder.create().file("repository/\u001b[2Jx", "x").tarGz(),
        Rule.INVALID_PATH,
        "repository/\u001b[2Jx");
  }

  @Test
  void escapesControlCharactersInTheMessage() {
    assertThatThrownBy(
            () ->
                read(
                    TarBuilder.create().file("repository/\u001b[2Jx", "x").tarGz(),
                    ArchiveLimits.defaults()))
        .hasMessageContaining("repository/\\u001b[2Jx")
        .hasMessageNotContaining("\u001b");
  }

  @Test
  void refusesLinksDevicesFifosAndDirectories() {
    assertRefused(
        TarBuilder.create()
            .special("repository/1.root.json", TarConstants.LF_SYMLINK, "/etc/passwd")
            .tarGz(),
        Rule.SYMBOLIC_LINK,
        "repository/1.root.json");
    assertRefused(
        TarBuilder.create()
            .file("repository/a.json", "a")
            .special("repository/b.json", TarConstants.LF_LINK, "repository/a.json")
            .tarGz(),
        Rule.HARD_LINK,
        "repository/b.json");
    assertRefused(
        TarBuilder.create().special("repository/null", TarConstants.LF_CHR, "").tarGz(),
        Rule.DEVICE,
        "repository/null");
    assertRefused(
        TarBuilder.create().special("repository/sda", TarConstants.LF_BLK, "").tarGz(),
        Rule.DEVICE,
        "repository/sda");
    assertRefused(
        TarBuilder.create().special("repository/pipe", TarConstants.LF_FIFO, "").tarGz(),
        Rule.FIFO,
        "repository/pipe");
    assertRefused(
        TarBuilder.create().special("repository/targets/", TarConstants.LF_DIR, "").tarGz(),
        Rule.NOT_A_REGULAR_FILE,
        "repository/targets/");
  }

  @Test
  void refusesGnuLongNameHeaders() {
    String name = "repository/" + "c".repeat(120);
    assertRefused(
        TarBuilder.create().gnuLongNames().file(name, "x").tarGz(), Rule.UNSUPPORTED_HEADER, null);
  }

  @Test
  void refusesADuplicateEntry() {
    assertRefused(
        TarBuilder.create()
            .file("repository/timestamp.json", "good")
            .file("repository/timestamp.json", "evil")
            .tarGz(),
        Rule.DUPLICATE_ENTRY,
        "repository/timestamp.json");
  }

  @Test
  void refusesAnEntryTheFormatDoesNotAllow() {
    assertRefused(
        TarBuilder.create().file("install.sh", "rm -rf /").tarGz(),
        Rule.UNEXPECTED_ENTRY,
        "install.sh");
    assertRefused(
        TarBuilder.create().file("repository", "x").tarGz(), Rule.UNEXPECTED_ENTRY, "repository");
  }

  @Test
  void refusesMoreEntriesThanTheLimit() {
    TarBuilder tar = TarBuilder.create();
    for (int i = 0; i < 11; i++) {
      tar.file("repository/f" + i, "x");
    }
    assertRefused(tar.tarGz(), SMALL, Rule.TOO_MANY_ENTRIES, "repository/f10");
  }

  @Test
  void refusesAOneGigabyteEntryWithoutExpandingIt() throws Exception {
    TarArchiveEntry huge = new TarArchiveEntry("repository/targets/bomb", true);
    huge.setSize(1L << 30);
    byte[] header = new byte[512];
    huge.writeEntryHeader(header);
    GzipOfZeros bomb = new GzipOfZeros(header, 1L << 30);
    assertThatThrownBy(
            () -> SafeTarGzReader.read(bomb, "b.tar.gz", ArchiveLimits.defaults(), BUNDLE))
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.ENTRY_TOO_LARGE);
              assertThat(e.entry()).contains("repository/targets/bomb");
            });
    assertThat(bomb.zerosCompressed()).isLessThan(8L << 20);
  }

  @Test
  void countsTheBytesActuallyReadAgainstTheTotal() {
    byte[] chunk = new byte[900 * 1024];
    byte[] tarGz =
        TarBuilder.create()
            .file("repository/a", chunk)
            .file("repository/b", chunk)
            .file("repository/c", chunk)
            .tarGz();
    assertRefused(tarGz, SMALL, Rule.TOTAL_TOO_LARGE, "repository/c");
  }

  @Test
  void refusesAZeroBombAfterTheEndOfTheArchive() {
    byte[] tar = TarBuilder.create().file("repository/a", "a").tar();
    GzipOfZeros bomb = new GzipOfZeros(tar, 1L << 30);
    assertThatThrownBy(() -> SafeTarGzReader.read(bomb, "b.tar.gz", SMALL, BUNDLE))
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> assertThat(e.rule()).isEqualTo(Rule.TOTAL_TOO_LARGE));
    assertThat(bomb.zerosCompressed()).isLessThan(8L << 20);
  }

  @Test
  void refusesDataAfterTheEndMarker() {
    byte[] tar = TarBuilder.create().file("repository/a", "a").tar();
    byte[] more = Arrays.copyOf(tar, tar.length + 512);
    more[tar.length] = 'x';
    assertRefused(TarBuilder.gzip(more), Rule.CORRUPT, null);
  }

  @Test
  void refusesTruncatedArchives() {
    byte[] tarGz = TarBuilder.create().file("repository/a", new byte[100_000]).tarGz();
    assertRefused(Arrays.copyOf(tarGz, tarGz.length / 2), Rule.TRUNCATED, null);
    // Only the gzip trailer (CRC and length) missing: the tar part is complete.
    assertRefused(Arrays.copyOf(tarGz, tarGz.length - 8), Rule.TRUNCATED, null);
    assertRefused(new byte[0], Rule.TRUNCATED, null);
    // A tar cut inside an entry, then properly compressed.
    byte[] tar = TarBuilder.create().file("repository/a", new byte[4096]).tar();
    assertRefused(TarBuilder.gzip(Arrays.copyOf(tar, 1024)), Rule.TRUNCATED, "repository/a");
  }

  @Test
  void refusesCorruptArchives() {
    byte[] tarGz = TarBuilder.create().file("repository/a", "a").tarGz();
    byte[] badCrc = tarGz.clone();
    badCrc[badCrc.length - 6] ^= 0x55;
    assertRefused(badCrc, Rule.CORRUPT, null);
    byte[] garbage = Arrays.copyOf(tarGz, tarGz.length + 7);
    assertRefused(garbage, Rule.CORRUPT, null);
    assertRefused(TarBuilder.create().file("repository/a", "a").tar(), Rule.CORRUPT, null);
    byte[] tar = TarBuilder.create().file("repository/a", "a").tar();
    tar[3] ^= 1; // the name changes, the stored checksum does not
    assertRefused(TarBuilder.gzip(tar), Rule.CORRUPT, null);
  }

  @Test
  void reportsAnUnreadableInputAsAnIoErrorNotARefusal() {
    byte[] tarGz = TarBuilder.create().file("repository/a", new byte[100_000]).tarGz();
    InputStream failing =
        new InputStream() {
          int pos;

          @Override
          public int read() throws IOException {
            if (pos == 200) {
              throw new IOException("Input/output error");
            }
            return tarGz[pos++] & 0xff;
          }
        };
    assertThatThrownBy(
            () -> SafeTarGzReader.read(failing, "b.tar.gz", ArchiveLimits.defaults(), BUNDLE))
        .isInstanceOf(IOException.class)
        .hasMessage("Input/output error");
  }
}
