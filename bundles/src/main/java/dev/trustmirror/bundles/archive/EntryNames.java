package dev.trustmirror.bundles.archive;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The entry paths an archive format allows: some exact file names and everything under some
 * directories. Any other entry is refused ({@link ArchiveRefusedException.Rule#UNEXPECTED_ENTRY}).
 *
 * @param files exact paths, e.g. {@code manifest.json}
 * @param directories directory prefixes without the trailing slash, e.g. {@code repository}
 */
public record EntryNames(SortedSet<String> files, SortedSet<String> directories) {

  public EntryNames {
    files = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(files));
    directories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(directories));
  }

  /** Allows {@code files} exactly and any path under each of {@code directories}. */
  public static EntryNames of(Set<String> files, Set<String> directories) {
    return new EntryNames(new TreeSet<>(files), new TreeSet<>(directories));
  }

  /** True when the format allows an entry at {@code path} (already checked to be safe). */
  public boolean allows(String path) {
    if (files.contains(path)) {
      return true;
    }
    for (String dir : directories) {
      if (path.startsWith(dir + "/") && path.length() > dir.length() + 1) {
        return true;
      }
    }
    return false;
  }

  /** {@code manifest.json, manifest.json.sig and files under repository/}. */
  public String describe() {
    StringBuilder b = new StringBuilder(String.join(", ", files));
    for (String dir : directories) {
      b.append(b.length() == 0 ? "" : " and ").append("files under ").append(dir).append('/');
    }
    return b.toString();
  }
}
