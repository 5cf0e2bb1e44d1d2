package dev.trustmirror.bundles.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes files as a reproducible tar.gz: the same files and time always give the same bytes (with
 * the same JDK's zlib). Entries are regular files in path order, mode 0644, uid/gid 0, empty owner
 * names, all with one modification time; POSIX ustar headers, with a POSIX extended header ({@code
 * path=}) for paths over 100 bytes. The gzip header has modification time 0, no file name and OS
 * byte 255 (unknown), so nothing about the exporting machine leaks in.
 */
public final class DeterministicTarGzWriter {
  /** RFC 1952 OS byte "unknown". */
  static final int GZIP_OS_UNKNOWN = 255;

  private DeterministicTarGzWriter() {}

  /**
   * Writes the archive.
   *
   * @param files entry path → content; written in the map's (sorted) order; paths must be safe
   *     relative paths
   * @param modified the modification time of every entry, truncated to whole seconds
   * @param out receives the archive; flushed, not closed
   * @throws IllegalArgumentException when a path is not a safe relative path
   */
  public static void write(SortedMap<String, byte[]> files, Instant modified, OutputStream out)
      throws IOException {
    FileTime mtime = FileTime.from(modified.truncatedTo(ChronoUnit.SECONDS));
    if (modified.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("modification time before 1970: " + modified);
    }
    for (String path : files.keySet()) {
      try {
        EntryChecks.requireSafePath(path, "(being written)");
      } catch (ArchiveRefusedException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    GzipParameters gzip = new GzipParameters();
    gzip.setCompressionLevel(Deflater.BEST_COMPRESSION);
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(GZIP_OS_UNKNOWN);
    GzipCompressorOutputStream gz = new GzipCompressorOutputStream(new Unclosable(out), gzip);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_ERROR);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      // preserveAbsolutePath=true: the writer must not rewrite names either (they are checked).
      TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
      entry.setSize(file.getValue().length);
      entry.setMode(0644);
      entry.setModTime(mtime);
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setUserName("");
      entry.setGroupName("");
      tar.putArchiveEntry(entry);
      tar.write(file.getValue());
      tar.closeArchiveEntry();
    }
    tar.close(); // writes the end-of-archive blocks and the gzip trailer; `out` stays open
    out.flush();
  }

  /** Keeps {@code out} open when the archive streams are closed. */
  private static final class Unclosable extends java.io.FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
