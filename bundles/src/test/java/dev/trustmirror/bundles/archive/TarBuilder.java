package dev.trustmirror.bundles.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds tar.gz archives for tests, hostile ones included: any name (absolute, {@code ..}), any
 * entry type (links, devices, FIFOs), duplicates, GNU long names. Written with commons-compress's
 * writer, which does not judge.
 */
final class TarBuilder {
  private record Entry(String name, byte type, String link, byte[] content) {}

  private final List<Entry> entries = new ArrayList<>();
  private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;

  static TarBuilder create() {
    return new TarBuilder();
  }

  TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  TarBuilder file(String name, byte[] content) {
    entries.add(new Entry(name, TarArchiveEntry.LF_NORMAL, "", content));
    return this;
  }

  TarBuilder special(String name, byte type, String link) {
    entries.add(new Entry(name, type, link, new byte[0]));
    return this;
  }

  TarBuilder gnuLongNames() {
    longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
    return this;
  }

  /** The uncompressed tar. */
  byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTar(out);
    return out.toByteArray();
  }

  /** The tar.gz. */
  byte[] tarGz() {
    return gzip(tar());
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void writeTar(OutputStream out) {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
      tar.setLongFileMode(longFileMode);
      for (Entry e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
        entry.setUserName("");
        entry.setGroupName("");
        if (!e.link().isEmpty()) {
          entry.setLinkName(e.link());
        }
        entry.setSize(e.content().length);
        tar.putArchiveEntry(entry);
        tar.write(e.content());
        tar.closeArchiveEntry();
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
