package dev.trustmirror.tuf;

/**
 * Maximum download sizes (TUF 5.2: protection against endless-data attacks) and the bound on root
 * rotations followed in one update.
 *
 * @param maxRootBytes largest {@code N.root.json} accepted
 * @param maxTimestampBytes largest {@code timestamp.json} accepted
 * @param maxMetadataBytes largest snapshot/targets/delegated metadata whose length the referring
 *     role does not give
 * @param maxTargetBytes largest target file accepted, whatever its metadata says
 * @param maxRootRotations most root versions followed in one update (TUF 5.3.3)
 * @param maxDelegatedRoles most delegated roles visited in one update
 */
public record Limits(
    long maxRootBytes,
    long maxTimestampBytes,
    long maxMetadataBytes,
    long maxTargetBytes,
    int maxRootRotations,
    int maxDelegatedRoles) {

  /** Defaults sized for Sigstore's repository with generous headroom. */
  public static Limits defaults() {
    return new Limits(512 * 1024, 16 * 1024, 8 * 1024 * 1024, 32 * 1024 * 1024, 256, 64);
  }

  public Limits {
    if (maxRootBytes <= 0
        || maxTimestampBytes <= 0
        || maxMetadataBytes <= 0
        || maxTargetBytes <= 0
        || maxRootRotations <= 0
        || maxDelegatedRoles < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** The same limits with a different maximum target size. */
  public Limits withMaxTargetBytes(long bytes) {
    return new Limits(
        maxRootBytes,
        maxTimestampBytes,
        maxMetadataBytes,
        bytes,
        maxRootRotations,
        maxDelegatedRoles);
  }
}
