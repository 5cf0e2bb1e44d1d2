package dev.trustmirror.bundles.archive;

import dev.trustmirror.bundles.archive.ArchiveRefusedException.Rule;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a gzip-compressed POSIX tar archive into memory, refusing anything but plain files at safe
 * relative paths, within {@link ArchiveLimits}. Nothing is written anywhere: the result is a map of
 * path to bytes, and callers decide what to do with it.
 *
 * <p>The tar part is parsed here rather than by commons-compress's reader, because that reader
 * normalizes names (it drops the leading {@code /} of long names from extended headers), which
 * would hide an absolute path. Accepted: ustar headers with type {@code '0'} and POSIX extended
 * headers ({@code 'x'}) carrying {@code path} or {@code size}, as {@link DeterministicTarGzWriter}
 * writes them. Every limit is checked against the bytes actually decompressed.
 */
public final class SafeTarGzReader {
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");
  private final InputStream in;
  private final String archive;
  private final ArchiveLimits limits;
  private final EntryNames allowed;
  private final byte[] chunk = new byte[64 * 1024];
  private final SortedMap<String, byte[]> files = new TreeMap<>();
  private long total;
  private String currentEntry;

  private SafeTarGzReader(
      InputStream decompressed, String archive, ArchiveLimits limits, EntryNames allowed) {
    this.in = decompressed;
    this.archive = archive;
    this.limits = limits;
    this.allowed = allowed;
  }

  /**
   * Reads every entry of a tar.gz stream.
   *
   * @param compressed the archive as stored (gzip); not closed
   * @param archive the archive's name for messages, e.g. its file path
   * @return the content of each entry by path, sorted by path
   * @throws ArchiveRefusedException when the archive breaks a rule (see {@link Rule})
   * @throws IOException when {@code compressed} itself cannot be read (a disk error): a transport
   *     failure, never reported as a refusal
   */
  public static SortedMap<String, byte[]> read(
      InputStream compressed, String archive, ArchiveLimits limits, EntryNames allowed)
      throws ArchiveRefusedException, IOException {
    // Compressed bytes are bounded too: gzip header fields are read before any tar limit applies.
    CompressedInput raw =
        new CompressedInput(
            compressed, limits.maxTotalBytes() + limits.maxTotalBytes() / 64 + 64 * 1024);
    // Concatenated members are read on, so that anything after the first one is seen and counted.
    try (GzipCompressorInputStream gz =
        GzipCompressorInputStream.builder()
            .setInputStream(raw)
            .setDecompressConcatenated(true)
            .get()) {
      // Headers are read 512 bytes at a time: buffer them rather than call the inflater each time.
      return new SafeTarGzReader(new BufferedInputStream(gz, 64 * 1024), archive, limits, allowed)
          .readAll();
    } catch (IOException e) {
      throw gzipRefusal(e, raw, archive);
    }
  }

  /** What a failure of the gzip layer means: a refusal, or the underlying I/O error rethrown. */
  private static ArchiveRefusedException gzipRefusal(
      IOException e, CompressedInput raw, String archive) throws IOException {
    CompressedInput.SourceFailure source =
        CompressedInput.causeOf(e, CompressedInput.SourceFailure.class);
    if (source != null) {
      throw source.failure();
    }
    if (CompressedInput.causeOf(e, CompressedInput.TooLarge.class) != null) {
      return new ArchiveRefusedException(
          Rule.TOTAL_TOO_LARGE,
          archive,
          null,
          "it is larger than the "
              + raw.max()
              + " compressed bytes any archive within the"
              + " limits needs");
    }
    if (raw.count() == 0) {
      return new ArchiveRefusedException(Rule.TRUNCATED, archive, null, "it is empty");
    }
    if (CompressedInput.causeOf(e, EOFException.class) != null) {
      return new ArchiveRefusedException(
          Rule.TRUNCATED,
          archive,
          null,
          "the gzip stream ends early after "
              + raw.count()
              + " bytes: the file is cut short (an"
              + " interrupted copy?)");
    }
    return new ArchiveRefusedException(
        Rule.CORRUPT, archive, null, "the gzip stream is damaged: " + e.getMessage());
  }

  private SortedMap<String, byte[]> readAll() throws ArchiveRefusedException, IOException {
    Map<String, String> extended = null;
    String extendedHeader = null;
    while (true) {
      long offset = total;
      currentEntry = null;
      byte[] block = readBlock("the end-of-archive marker is missing");
      if (TarHeader.isZeroBlock(block)) {
        if (extended != null) {
          throw refused(Rule.CORRUPT, null, "an extended header is not followed by an entry");
        }
        finish();
        return Collections.unmodifiableSortedMap(files);
      }
      TarHeader header = TarHeader.parse(block, archive, offset);
      if (header.type() == 'x') {
        if (extended != null) {
          throw refused(Rule.CORRUPT, null, "two extended headers in a row");
        }
        extendedHeader = header.path();
        extended = readExtendedHeader(header);
        continue;
      }
      String path = header.path();
      long size = header.size();
      if (extended != null) {
        path = extended.getOrDefault("path", path);
        if (extended.containsKey("size")) {
          size = paxSize(extended.get("size"), extendedHeader);
        }
        extended = null;
      }
      currentEntry = path;
      checkEntry(header, path, size);
      files.put(path, readData(size));
    }
  }

  private Map<String, String> readExtendedHeader(TarHeader header)
      throws ArchiveRefusedException, IOException {
    if (header.size() > ArchiveLimits.MAX_PAX_HEADER_BYTES) {
      throw refused(
          Rule.ENTRY_TOO_LARGE,
          header.path(),
          "an extended header of "
              + header.size()
              + " bytes (at most "
              + ArchiveLimits.MAX_PAX_HEADER_BYTES
              + ")");
    }
    return PaxRecords.parse(readData(header.size()), archive, header.path());
  }

  /** Every rule an entry must pass before its data is read, cheapest and most telling first. */
  private void checkEntry(TarHeader header, String path, long size) throws ArchiveRefusedException {
    if (files.size() + 1 > limits.maxEntries()) {
      throw refused(
          Rule.TOO_MANY_ENTRIES,
          path,
          "the archive has more than " + limits.maxEntries() + " entries");
    }
    EntryChecks.requireRegularFile(header, path, archive);
    EntryChecks.requireSafePath(path, archive);
    if (!allowed.allows(path)) {
      throw refused(Rule.UNEXPECTED_ENTRY, path, "the format allows only " + allowed.describe());
    }
    if (files.containsKey(path)) {
      throw refused(Rule.DUPLICATE_ENTRY, path, "the archive holds this path twice");
    }
    if (size > limits.maxEntryBytes()) {
      throw refused(
          Rule.ENTRY_TOO_LARGE,
          path,
          "its header says "
              + size
              + " bytes, more than the "
              + limits.maxEntryBytes()
              + " allowed per entry");
    }
  }

  private long paxSize(String value, String header) throws ArchiveRefusedException {
    if (!DECIMAL.matcher(value).matches()) {
      throw refused(Rule.CORRUPT, null, "the extended header " + header + " has a bad size");
    }
    return Long.parseLong(value);
  }

  /** Reads one 512-byte block; the stream ending first means the archive was cut. */
  private byte[] readBlock(String whatIsMissing) throws ArchiveRefusedException, IOException {
    byte[] block = new byte[TarHeader.BLOCK];
    int n = readFully(block, 0, block.length);
    if (n < block.length) {
      throw refused(Rule.TRUNCATED, null, "the tar stream ends early: " + whatIsMissing);
    }
    return block;
  }

  /**
   * Reads an entry's data and its padding to the next block. The buffer grows with the bytes
   * actually read: a header's size is a claim, not an allocation.
   */
  private byte[] readData(long size) throws ArchiveRefusedException, IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream((int) Math.min(size, chunk.length));
    long left = size;
    while (left > 0) {
      int want = (int) Math.min(chunk.length, left);
      int n = readFully(chunk, 0, want);
      data.write(chunk, 0, n);
      if (n < want) {
        throw refused(
            Rule.TRUNCATED,
            currentEntry,
            "the tar stream ends after " + (size - left + n) + " of " + size + " bytes");
      }
      left -= n;
    }
    int padding = (int) ((TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
    if (readFully(chunk, 0, padding) < padding) {
      throw refused(Rule.TRUNCATED, currentEntry, "the tar stream ends inside the padding");
    }
    return data.toByteArray();
  }

  /**
   * After the first zero block: the second one, then only zeros (record padding) until the gzip
   * stream ends, which also makes the gzip reader check its CRC and length.
   */
  private void finish() throws ArchiveRefusedException, IOException {
    byte[] second = readBlock("the second end-of-archive block is missing");
    if (!TarHeader.isZeroBlock(second)) {
      throw refused(Rule.CORRUPT, null, "an end-of-archive block is followed by a header");
    }
    int n;
    while ((n = readFully(chunk, 0, chunk.length)) > 0) {
      for (int i = 0; i < n; i++) {
        if (chunk[i] != 0) {
          throw refused(Rule.CORRUPT, null, "data follows the end-of-archive marker");
        }
      }
    }
  }

  /** Reads up to {@code len} bytes (fewer only at the end), counting every decompressed byte. */
  private int readFully(byte[] b, int off, int len) throws ArchiveRefusedException, IOException {
    int done = 0;
    while (done < len) {
      int n = in.read(b, off + done, len - done);
      if (n < 0) {
        break;
      }
      done += n;
      total += n;
      if (total > limits.maxTotalBytes()) {
        throw refused(
            Rule.TOTAL_TOO_LARGE,
            currentEntry,
            "it expands to more than " + limits.maxTotalBytes() + " bytes");
      }
    }
    return done;
  }

  private ArchiveRefusedException refused(Rule rule, String entry, String why) {
    return new ArchiveRefusedException(rule, archive, entry, why);
  }
}
