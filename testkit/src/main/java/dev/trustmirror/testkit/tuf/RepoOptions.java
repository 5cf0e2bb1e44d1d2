package dev.trustmirror.testkit.tuf;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The fixed shape of a generated repository: key counts and thresholds, the delegated role's name,
 * which hashes are listed, and how long each role's metadata lives. Start from {@link #defaults()}
 * and change what a test needs.
 *
 * @param rootKeyCount number of root keys
 * @param rootThreshold root signature threshold
 * @param targetsKeyCount number of top-level targets keys
 * @param targetsThreshold top-level targets threshold
 * @param delegatedRole name of the delegated targets role; it is trusted for {@code <name>/*}
 * @param sha512 whether targets also list (and the layout also publishes) a sha512 hash
 * @param timestampListsSnapshotHashes whether timestamp lists length and hashes of snapshot.json
 * @param snapshotListsTargetsHashes whether snapshot lists length and hashes of targets files
 * @param expiryPeriods lifetime of each new version of each role, counted from the builder's time
 */
public record RepoOptions(
    int rootKeyCount,
    int rootThreshold,
    int targetsKeyCount,
    int targetsThreshold,
    String delegatedRole,
    boolean sha512,
    boolean timestampListsSnapshotHashes,
    boolean snapshotListsTargetsHashes,
    Map<RoleType, Duration> expiryPeriods) {

  /** Validates the options. */
  public RepoOptions {
    checkThreshold("root", rootKeyCount, rootThreshold);
    checkThreshold("targets", targetsKeyCount, targetsThreshold);
    if (delegatedRole.isEmpty() || delegatedRole.contains("/") || delegatedRole.contains("..")) {
      throw new IllegalArgumentException(
          "Tried to name the delegated role '" + delegatedRole + "' but it must be a plain name");
    }
    if (!expiryPeriods.keySet().containsAll(EnumSet.allOf(RoleType.class))) {
      throw new IllegalArgumentException("Tried to set expiry periods but some roles have none");
    }
    expiryPeriods = Map.copyOf(expiryPeriods);
  }

  /**
   * Root 2 of 3 keys, targets 1 of 1, delegated role {@code example.org}, sha256 only, versions
   * only in timestamp and snapshot (as the real Sigstore repository does), and lifetimes of 365
   * days (root), 180 (targets, delegated), 30 (snapshot) and 7 (timestamp).
   */
  public static RepoOptions defaults() {
    Map<RoleType, Duration> periods = new EnumMap<>(RoleType.class);
    periods.put(RoleType.ROOT, Duration.ofDays(365));
    periods.put(RoleType.TARGETS, Duration.ofDays(180));
    periods.put(RoleType.DELEGATED, Duration.ofDays(180));
    periods.put(RoleType.SNAPSHOT, Duration.ofDays(30));
    periods.put(RoleType.TIMESTAMP, Duration.ofDays(7));
    return new RepoOptions(3, 2, 1, 1, "example.org", false, false, false, periods);
  }

  /** The lifetime of new versions of {@code role}. */
  public Duration expiryPeriod(RoleType role) {
    return expiryPeriods.get(role);
  }

  /** These options with {@code count} root keys and the given threshold. */
  public RepoOptions withRootKeys(int count, int threshold) {
    return new RepoOptions(
        count,
        threshold,
        targetsKeyCount,
        targetsThreshold,
        delegatedRole,
        sha512,
        timestampListsSnapshotHashes,
        snapshotListsTargetsHashes,
        expiryPeriods);
  }

  /** These options with {@code count} top-level targets keys and the given threshold. */
  public RepoOptions withTargetsKeys(int count, int threshold) {
    return new RepoOptions(
        rootKeyCount,
        rootThreshold,
        count,
        threshold,
        delegatedRole,
        sha512,
        timestampListsSnapshotHashes,
        snapshotListsTargetsHashes,
        expiryPeriods);
  }

  /** These options with the delegated role named {@code name}. */
  public RepoOptions withDelegatedRole(String name) {
    return new RepoOptions(
        rootKeyCount,
        rootThreshold,
        targetsKeyCount,
        targetsThreshold,
        name,
        sha512,
        timestampListsSnapshotHashes,
        snapshotListsTargetsHashes,
        expiryPeriods);
  }

  /** These options listing sha512 next to sha256 for targets (published under both names). */
  public RepoOptions withSha512(boolean listSha512) {
    return new RepoOptions(
        rootKeyCount,
        rootThreshold,
        targetsKeyCount,
        targetsThreshold,
        delegatedRole,
        listSha512,
        timestampListsSnapshotHashes,
        snapshotListsTargetsHashes,
        expiryPeriods);
  }

  /**
   * These options with length and hashes (sha256) of metadata files listed in timestamp (for
   * snapshot.json) and in snapshot (for targets.json and the delegated role), or version only.
   */
  public RepoOptions withMetaHashes(boolean inTimestamp, boolean inSnapshot) {
    return new RepoOptions(
        rootKeyCount,
        rootThreshold,
        targetsKeyCount,
        targetsThreshold,
        delegatedRole,
        sha512,
        inTimestamp,
        inSnapshot,
        expiryPeriods);
  }

  /** These options with new versions of {@code role} living {@code period}. */
  public RepoOptions withExpiryPeriod(RoleType role, Duration period) {
    Map<RoleType, Duration> periods = new EnumMap<>(expiryPeriods);
    periods.put(role, period);
    return new RepoOptions(
        rootKeyCount,
        rootThreshold,
        targetsKeyCount,
        targetsThreshold,
        delegatedRole,
        sha512,
        timestampListsSnapshotHashes,
        snapshotListsTargetsHashes,
        periods);
  }

  private static void checkThreshold(String role, int keyCount, int threshold) {
    if (keyCount < 1 || threshold < 1 || threshold > keyCount) {
      throw new IllegalArgumentException(
          "Tried to configure the "
              + role
              + " role with threshold "
              + threshold
              + " of "
              + keyCount
              + " keys but it needs 1 <= threshold <= keys");
    }
  }
}
