package dev.trustmirror.bundles.archive;

import dev.trustmirror.tuf.TufRefusalException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An archive (an offline bundle, a {@code mirrorFS} tar.gz) was refused before anything in it was
 * used: it is corrupt, truncated, holds something other than plain files at safe relative paths, or
 * exceeds a limit. A security refusal like every {@link TufRefusalException}: the archive came from
 * outside and is not trusted. Tests assert {@link #rule()} and {@link #entry()}, never the message.
 */
public final class ArchiveRefusedException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  /** The rule that refused the archive. */
  public enum Rule {
    /** The gzip or tar stream ends early. */
    TRUNCATED,
    /** The gzip stream or a tar header is damaged (bad checksum, CRC, field or marker). */
    CORRUPT,
    /** An entry's path starts with {@code /} (or a drive letter). */
    ABSOLUTE_PATH,
    /** An entry's path has a {@code ..} segment. */
    PATH_TRAVERSAL,
    /** An entry's path is otherwise unsafe: empty or {@code .} segment, backslash, control. */
    INVALID_PATH,
    /** A symbolic link entry. */
    SYMBOLIC_LINK,
    /** A hard link entry. */
    HARD_LINK,
    /** A character or block device entry. */
    DEVICE,
    /** A FIFO (named pipe) entry. */
    FIFO,
    /** Any other non-regular entry: directory, contiguous or sparse file, unknown type. */
    NOT_A_REGULAR_FILE,
    /** A header extension the reader does not accept (GNU long names, global headers...). */
    UNSUPPORTED_HEADER,
    /** Two entries with the same path. */
    DUPLICATE_ENTRY,
    /** An entry whose path the archive format does not allow. */
    UNEXPECTED_ENTRY,
    /** More entries than {@link ArchiveLimits#maxEntries()}. */
    TOO_MANY_ENTRIES,
    /** An entry larger than {@link ArchiveLimits#maxEntryBytes()}. */
    ENTRY_TOO_LARGE,
    /** More decompressed bytes than {@link ArchiveLimits#maxTotalBytes()}. */
    TOTAL_TOO_LARGE;

    /** {@code PATH_TRAVERSAL} → {@code PathTraversal}. */
    String camelCase() {
      StringBuilder b = new StringBuilder();
      for (String word : name().split("_")) {
        b.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
      }
      return b.toString();
    }
  }

  private final Rule rule;
  private final String archive;
  private final String entry;

  ArchiveRefusedException(Rule rule, String archive, String entry, String why) {
    super(
        entry == null ? archive : entry,
        "Refused the archive "
            + archive
            + (entry == null ? "" : ": entry '" + printable(entry) + "'")
            + ": "
            + why);
    this.rule = Objects.requireNonNull(rule);
    this.archive = archive;
    this.entry = entry;
  }

  /** The rule that refused the archive. */
  public Rule rule() {
    return rule;
  }

  /** The archive's name as given by the caller (usually its file path). */
  public String archive() {
    return archive;
  }

  /** The path of the entry at fault, when one is. */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }

  /** {@code ArchivePathTraversal}, {@code ArchiveTruncated}...: metric label, condition reason. */
  @Override
  public String reason() {
    return "Archive" + rule.camelCase();
  }

  /** The path with control characters escaped, so a hostile name cannot forge terminal output. */
  static String printable(String path) {
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
