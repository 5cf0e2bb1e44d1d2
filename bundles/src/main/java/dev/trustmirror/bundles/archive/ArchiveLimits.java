package dev.trustmirror.bundles.archive;

/**
 * Bounds on what reading one archive may cost, against decompression bombs and entry floods. Every
 * bound is checked against the bytes actually read, never against what a header claims.
 *
 * @param maxEntries most file entries
 * @param maxEntryBytes largest single file
 * @param maxTotalBytes most bytes after decompression, everything counted: tar headers, extended
 *     headers, file data, padding and whatever follows the end-of-archive marker
 */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {

  /** Largest POSIX extended header accepted (a path needs a few hundred bytes). */
  static final int MAX_PAX_HEADER_BYTES = 64 * 1024;

  public ArchiveLimits {
    if (maxEntries <= 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0) {
      throw new IllegalArgumentException(
          "archive limits must be positive: "
              + maxEntries
              + " entries, "
              + maxEntryBytes
              + " bytes per entry, "
              + maxTotalBytes
              + " bytes in total");
    }
  }

  /**
   * 5,000 entries, 64 MiB per entry, 256 MiB in total: Sigstore's repository has about 30 files and
   * 200 KiB, so this leaves two orders of magnitude of headroom.
   */
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(5_000, 64L * 1024 * 1024, 256L * 1024 * 1024);
  }
}
