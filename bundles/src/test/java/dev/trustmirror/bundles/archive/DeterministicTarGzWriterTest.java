package dev.trustmirror.bundles.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

class DeterministicTarGzWriterTest {
  static final Instant T = Instant.parse("2026-08-21T20:25:56.123456Z");

  static SortedMap<String, byte[]> files() {
    SortedMap<String, byte[]> files = new TreeMap<>();
    files.put("repository/timestamp.json", "{\"t\":1}".getBytes(StandardCharsets.UTF_8));
    files.put("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
    files.put(
        "repository/targets/registry.npmjs.org/" + "a".repeat(64) + ".keys.json",
        "k".getBytes(StandardCharsets.UTF_8));
    return files;
  }

  static byte[] write(SortedMap<String, byte[]> files, Instant t) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DeterministicTarGzWriter.write(files, t, out);
    return out.toByteArray();
  }

  @Test
  void sameFilesAndTimeGiveTheSameBytes() throws Exception {
    assertThat(write(files(), T)).isEqualTo(write(files(), T));
    assertThat(write(files(), T)).isEqualTo(write(files(), T.plusMillis(500)));
    assertThat(write(files(), T)).isNotEqualTo(write(files(), T.plusSeconds(1)));
  }

  @Test
  void gzipHeaderHasNoTimeNoNameAndTheUnknownOs() throws Exception {
    byte[] gz = write(files(), T);
    assertThat(gz[3]).as("FLG: no name, comment, extra").isZero();
    assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).as("MTIME").containsOnly(0);
    assertThat(gz[9] & 0xff).as("OS").isEqualTo(255);
  }

  @Test
  void entriesAreSortedPlainFilesOwnedByNobodyAtOneTime() throws Exception {
    byte[] gz = write(files(), T);
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(gz)))) {
      java.util.List<String> names = new java.util.ArrayList<>();
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
        assertThat(e.isFile()).isTrue();
        assertThat(e.getMode()).isEqualTo(0644);
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getGroupName()).isEmpty();
        assertThat(e.getLastModifiedTime().toInstant())
            .isEqualTo(Instant.parse("2026-08-21T20:25:56Z"));
      }
      assertThat(names).isSorted().hasSize(3);
    }
  }

  @Test
  void whatItWritesTheSafeReaderReadsBack() throws Exception {
    SortedMap<String, byte[]> back =
        SafeTarGzReader.read(
            new ByteArrayInputStream(write(files(), T)),
            "t",
            ArchiveLimits.defaults(),
            EntryNames.of(Set.of("manifest.json"), Set.of("repository")));
    assertThat(back.keySet()).isEqualTo(files().keySet());
    files().forEach((p, b) -> assertThat(back.get(p)).isEqualTo(b));
  }

  @Test
  void refusesToWriteAnUnsafePath() {
    SortedMap<String, byte[]> files = new TreeMap<>();
    files.put("../evil", new byte[0]);
    assertThatThrownBy(() -> write(files, T)).isInstanceOf(IllegalArgumentException.class);
  }
}
