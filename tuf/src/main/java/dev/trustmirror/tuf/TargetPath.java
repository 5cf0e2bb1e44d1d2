package dev.trustmirror.tuf;

import java.util.List;

/**
 * A target name from targets metadata that is safe to use as a relative file path: no absolute
 * path, no {@code .} or {@code ..} segment, no empty segment, no backslash, no NUL or other control
 * character. Made only by {@link #parse}.
 */
public final class TargetPath {
  private final String name;

  private TargetPath(String name) {
    this.name = name;
  }

  /** Parses a target name, refusing any name that could escape the targets directory. */
  public static TargetPath parse(String name) throws InvalidTargetPathException {
    if (name.isEmpty()) {
      throw new InvalidTargetPathException(name, "empty name");
    }
    if (name.startsWith("/")) {
      throw new InvalidTargetPathException(name, "absolute path");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0) {
        throw new InvalidTargetPathException(name, "contains NUL");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidTargetPathException(name, "contains a control character");
      }
      if (c == '\\') {
        throw new InvalidTargetPathException(name, "contains a backslash");
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidTargetPathException(name, "empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidTargetPathException(name, "'" + segment + "' segment");
      }
    }
    return new TargetPath(name);
  }

  /** The target name as listed in metadata ({@code registry.npmjs.org/keys.json}). */
  public String name() {
    return name;
  }

  /** The directory part, with trailing slash, or empty ({@code registry.npmjs.org/}). */
  public String directory() {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash + 1);
  }

  /** The last segment ({@code keys.json}). */
  public String fileName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The segments of the name. */
  public List<String> segments() {
    return List.of(name.split("/"));
  }

  /**
   * Path of this target in the published layout: {@code targets/<dir>/<hash>.<file>} for consistent
   * snapshots, {@code targets/<name>} otherwise.
   */
  public String publishedPath(String hexHash, boolean consistentSnapshot) {
    return consistentSnapshot
        ? "targets/" + directory() + hexHash + "." + fileName()
        : "targets/" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetPath other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
