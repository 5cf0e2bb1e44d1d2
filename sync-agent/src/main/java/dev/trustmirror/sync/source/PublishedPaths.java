package dev.trustmirror.sync.source;

/**
 * Checks that a path asked of a source is a relative path of the published layout that cannot leave
 * the repository: not absolute, no {@code .}, {@code ..} or empty segment, no backslash, no NUL or
 * other control character.
 */
final class PublishedPaths {
  private PublishedPaths() {}

  /**
   * Returns {@code path} when it is safe.
   *
   * @throws IllegalArgumentException when it is not: {@code RepositorySource} callers must never
   *     ask for such a path, so this is a programming error, not a transport failure
   */
  static String check(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Refused an empty path");
    }
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("Refused the absolute path '" + path + "'");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        throw new IllegalArgumentException("Refused '" + path + "': it contains a backslash");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "Refused '" + printable(path) + "': it contains NUL or another control character");
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "Refused '" + path + "': it contains an empty, '.' or '..' segment");
      }
    }
    return path;
  }

  private static String printable(String path) {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
