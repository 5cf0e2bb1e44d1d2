package dev.trustmirror.bundles.archive;

import dev.trustmirror.bundles.archive.ArchiveRefusedException.Rule;
import java.util.regex.Pattern;

/** The rules every entry must pass: a plain file, at a safe relative path. */
final class EntryChecks {
  private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");
  private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]");

  private EntryChecks() {}

  /** Refuses links, devices, FIFOs, directories and anything but a regular file. */
  static void requireRegularFile(TarHeader h, String path, String archive)
      throws ArchiveRefusedException {
    String link = ArchiveRefusedException.printable(h.linkName());
    switch (h.type()) {
      case '0', 0 -> {
        return;
      }
      case '1' ->
          throw refused(Rule.HARD_LINK, archive, path, "it is a hard link to '" + link + "'");
      case '2' ->
          throw refused(
              Rule.SYMBOLIC_LINK, archive, path, "it is a symbolic link to '" + link + "'");
      case '3' -> throw refused(Rule.DEVICE, archive, path, "it is a character device");
      case '4' -> throw refused(Rule.DEVICE, archive, path, "it is a block device");
      case '5' -> throw refused(Rule.NOT_A_REGULAR_FILE, archive, path, "it is a directory");
      case '6' -> throw refused(Rule.FIFO, archive, path, "it is a FIFO (named pipe)");
      case '7' -> throw refused(Rule.NOT_A_REGULAR_FILE, archive, path, "it is a contiguous file");
      case 'S' -> throw refused(Rule.NOT_A_REGULAR_FILE, archive, path, "it is a sparse file");
      case 'g' ->
          throw refused(Rule.UNSUPPORTED_HEADER, archive, path, "it is a global extended header");
      case 'L', 'K' ->
          throw refused(
              Rule.UNSUPPORTED_HEADER, archive, path, "it is a GNU long name or long link header");
      default ->
          throw refused(
              Rule.NOT_A_REGULAR_FILE,
              archive,
              path,
              "its type '"
                  + ArchiveRefusedException.printable(String.valueOf((char) (h.type() & 0xff)))
                  + "' is not a regular file");
    }
  }

  /**
   * Refuses absolute paths, {@code ..} segments, empty or {@code .} segments, backslashes and
   * control characters: nothing that could name a place outside the archive's tree, or two
   * different spellings of one place.
   */
  static void requireSafePath(String path, String archive) throws ArchiveRefusedException {
    if (path.isEmpty()) {
      throw refused(Rule.INVALID_PATH, archive, path, "its path is empty");
    }
    if (path.startsWith("/") || path.startsWith("\\") || DRIVE.matcher(path).lookingAt()) {
      throw refused(
          Rule.ABSOLUTE_PATH, archive, path, "its path is absolute; entries must be relative");
    }
    for (String segment : SEPARATORS.split(path, -1)) {
      if (segment.equals("..")) {
        throw refused(
            Rule.PATH_TRAVERSAL, archive, path, "its path has a '..' segment that climbs out");
      }
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        throw refused(Rule.INVALID_PATH, archive, path, "its path has a backslash");
      }
      if (c < 0x20 || c == 0x7f) {
        throw refused(Rule.INVALID_PATH, archive, path, "its path has a control character");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        throw refused(Rule.INVALID_PATH, archive, path, "its path has an empty or '.' segment");
      }
    }
  }

  private static ArchiveRefusedException refused(
      Rule rule, String archive, String path, String why) {
    return new ArchiveRefusedException(rule, archive, path, why);
  }
}
