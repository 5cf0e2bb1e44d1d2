package dev.trustmirror.kube.trustroot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * tar.gz archives with entries our own writer refuses to write ({@code ..}, links, directories, any
 * name), written with commons-compress's writer, which does not judge.
 */
final class HostileTar {
  private record Entry(String name, byte type, String link, byte[] content, long claimedSize) {}

  private final List<Entry> entries = new ArrayList<>();

  static HostileTar create() {
    return new HostileTar();
  }

  HostileTar file(String name, byte[] content) {
    entries.add(new Entry(name, TarArchiveEntry.LF_NORMAL, "", content, content.length));
    return this;
  }

  /** A file of {@code size} zero bytes, streamed (a decompression bomb compresses very well). */
  HostileTar zeros(String name, long size) {
    entries.add(new Entry(name, TarArchiveEntry.LF_NORMAL, "", null, size));
    return this;
  }

  HostileTar symlink(String name, String target) {
    entries.add(new Entry(name, TarArchiveEntry.LF_SYMLINK, target, new byte[0], 0));
    return this;
  }

  HostileTar directory(String name) {
    entries.add(new Entry(name, TarArchiveEntry.LF_DIR, "", new byte[0], 0));
    return this;
  }

  byte[] tarGz() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(out), "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] chunk = new byte[64 * 1024];
      for (Entry e : entries) {
        TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
        entry.setUserName("");
        entry.setGroupName("");
        if (!e.link().isEmpty()) {
          entry.setLinkName(e.link());
        }
        entry.setSize(e.claimedSize());
        tar.putArchiveEntry(entry);
        if (e.content() != null) {
          tar.write(e.content());
        } else {
          for (long left = e.claimedSize(); left > 0; left -= chunk.length) {
            tar.write(chunk, 0, (int) Math.min(chunk.length, left));
          }
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
