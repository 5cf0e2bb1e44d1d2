package dev.trustmirror.kube.trustroot;

import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.bundles.archive.ArchiveRefusedException;
import dev.trustmirror.bundles.archive.DeterministicTarGzWriter;
import dev.trustmirror.bundles.archive.EntryNames;
import dev.trustmirror.bundles.archive.SafeTarGzReader;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code mirrorFS} archive: a gzip tar of the published layout with every file under {@code
 * repository/}, which is the prefix policy-controller strips ({@code DefaultTUFRepoPrefix}).
 */
final class MirrorFs {
  /** The directory every entry lives in. */
  static final String PREFIX = "repository";

  /**
   * Every entry's modification time. Fixed, so that the same files always give the same bytes, and
   * a resource changes only when its content does.
   */
  static final Instant MTIME = Instant.EPOCH;

  /** Go's flate window: its reader's {@code Read} never returns data across a multiple of it. */
  static final int GO_FLATE_WINDOW = 32 * 1024;

  /** Where padding entries live (see {@link #pack}). */
  static final String PADDING = PREFIX + "/.trust-mirror-padding";

  private static final int TAR_BLOCK = 512;

  private static final EntryNames ENTRIES = EntryNames.of(Set.of(), Set.of(PREFIX));

  private MirrorFs() {}

  /**
   * The archive of every file of the repository, deterministic. Files are in path order, with
   * padding entries where needed so that no file of up to {@value #GO_FLATE_WINDOW} bytes crosses a
   * {@value #GO_FLATE_WINDOW}-byte boundary of the uncompressed tar stream.
   *
   * <p>Why: policy-controller's {@code UncompressMemFS} reads each entry with a single {@code Read}
   * call, and Go's gzip reader returns at most up to the next 32 KiB boundary of its window per
   * call, so a file that crosses one arrives cut short (zero-filled) and fails its TUF check (ADR
   * 0010). A padding entry is a file of zeros under {@code repository/.trust-mirror-padding/},
   * which no TUF metadata names and every client ignores.
   */
  static byte[] pack(VerifiedRepository repository) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    long offset = 0;
    for (String path : repository.paths()) {
      String name = PREFIX + "/" + path;
      byte[] bytes = repository.bytes(path);
      long dataStart = offset + headerBytes(name);
      if (bytes.length <= GO_FLATE_WINDOW && crossesWindow(dataStart, bytes.length)) {
        // dataStart and the window are multiples of 512: the shift is too, and at least 512.
        long shift = GO_FLATE_WINDOW - dataStart % GO_FLATE_WINDOW;
        String pad = PADDING + "/" + entries.size();
        entries.put(pad, new byte[(int) (shift - TAR_BLOCK)]); // one header block + data
        dataStart += shift;
      }
      entries.put(name, bytes);
      offset = dataStart + roundUp(bytes.length);
    }
    // The writer takes a sorted map: sort by position, i.e. keep this order.
    Map<String, Integer> position = new HashMap<>();
    entries.keySet().forEach(name -> position.put(name, position.size()));
    SortedMap<String, byte[]> ordered = new TreeMap<>(Comparator.comparing(position::get));
    ordered.putAll(entries);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      DeterministicTarGzWriter.write(ordered, MTIME, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory does not fail", e);
    }
    return out.toByteArray();
  }

  static boolean crossesWindow(long start, long length) {
    return length > 0 && start / GO_FLATE_WINDOW != (start + length - 1) / GO_FLATE_WINDOW;
  }

  /**
   * Bytes before an entry's data as {@link DeterministicTarGzWriter} (commons-compress, POSIX long
   * names) writes them: one ustar header, plus a POSIX extended header and its {@code path} record
   * when the name has 100 bytes or more.
   */
  static long headerBytes(String name) {
    int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (nameBytes < 100) {
      return TAR_BLOCK;
    }
    // The record is "<length> path=<name>\n", its length counting its own digits.
    int body = " path=".length() + nameBytes + 1;
    int length = body + String.valueOf(body).length();
    length = body + String.valueOf(length).length();
    return TAR_BLOCK + roundUp(length) + TAR_BLOCK;
  }

  private static long roundUp(long size) {
    return (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
  }

  /**
   * Reads the archive safely; every entry must be a plain file under {@code repository/}.
   *
   * @return the files by their path in the published layout ({@code repository/} stripped)
   * @throws ArchiveRefusedException when the archive breaks a rule of {@link SafeTarGzReader}
   */
  static SortedMap<String, byte[]> unpack(byte[] archive, String name, ArchiveLimits limits)
      throws ArchiveRefusedException {
    SortedMap<String, byte[]> entries;
    try {
      entries = SafeTarGzReader.read(new ByteArrayInputStream(archive), name, limits, ENTRIES);
    } catch (ArchiveRefusedException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory does not fail", e);
    }
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      files.put(e.getKey().substring(PREFIX.length() + 1), e.getValue());
    }
    return files;
  }
}
