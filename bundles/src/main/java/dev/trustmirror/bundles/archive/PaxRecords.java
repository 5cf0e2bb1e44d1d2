package dev.trustmirror.bundles.archive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The records of a POSIX extended header ({@code typeflag 'x'}): {@code "<length> <key>=<value>\n"}
 * each. Only keys that do not change what an entry is are accepted: {@code path} and {@code size}
 * (applied), times, ids and owner names (ignored). Anything else (sparse maps, link paths, extended
 * attributes, another charset) is refused rather than silently dropped.
 */
final class PaxRecords {
  private static final Set<String> IGNORED =
      Set.of("mtime", "atime", "ctime", "uid", "gid", "uname", "gname");

  private PaxRecords() {}

  /** Parses the records; the returned map holds only {@code path} and {@code size}. */
  static Map<String, String> parse(byte[] data, String archive, String header)
      throws ArchiveRefusedException {
    Map<String, String> applied = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      long length = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < 1 << 20) {
        length = length * 10 + (data[space] - '0');
        space++;
      }
      int end = (int) Math.min(pos + length, Integer.MAX_VALUE);
      if (space == pos
          || space >= data.length
          || data[space] != ' '
          || end > data.length
          || end <= space + 1
          || data[end - 1] != '\n') {
        throw corrupt(archive, header, "a record is malformed");
      }
      byte[] record = Arrays.copyOfRange(data, space + 1, end - 1);
      int eq = indexOf(record, (byte) '=');
      if (eq <= 0) {
        throw corrupt(archive, header, "a record has no key");
      }
      String key = new String(record, 0, eq, StandardCharsets.US_ASCII);
      byte[] value = Arrays.copyOfRange(record, eq + 1, record.length);
      if (key.equals("path") || key.equals("size")) {
        if (applied.putIfAbsent(key, TarHeader.utf8(value, archive)) != null) {
          throw corrupt(archive, header, "the key '" + key + "' appears twice");
        }
      } else if (!IGNORED.contains(key)) {
        throw new ArchiveRefusedException(
            ArchiveRefusedException.Rule.UNSUPPORTED_HEADER,
            archive,
            null,
            "the extended header "
                + ArchiveRefusedException.printable(header)
                + " has the key '"
                + ArchiveRefusedException.printable(key)
                + "', which this format does not allow (only path, size, times, ids, owners)");
      }
      pos = end;
    }
    return applied;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static ArchiveRefusedException corrupt(String archive, String header, String why) {
    return new ArchiveRefusedException(
        ArchiveRefusedException.Rule.CORRUPT,
        archive,
        null,
        "the extended header " + ArchiveRefusedException.printable(header) + " is damaged: " + why);
  }
}
