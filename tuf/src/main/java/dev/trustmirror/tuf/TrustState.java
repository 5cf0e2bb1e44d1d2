package dev.trustmirror.tuf;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a TUF client trusts between updates: every verified root (the newest is the trusted root),
 * the last trusted timestamp and snapshot (exact bytes) and the last trusted version and expiry of
 * every role. Persisted by {@link TrustStateStore}; nothing older than it is ever accepted.
 */
public final class TrustState {
  private final byte[] pinnedRoot;
  private final NavigableMap<Integer, byte[]> roots;
  private final byte[] timestamp;
  private final byte[] snapshot;
  private final List<RoleInfo> roles;
  private final Instant lastVerified;

  TrustState(
      byte[] pinnedRoot,
      NavigableMap<Integer, byte[]> roots,
      Optional<byte[]> timestamp,
      Optional<byte[]> snapshot,
      List<RoleInfo> roles,
      Optional<Instant> lastVerified) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("a trust state needs a root");
    }
    this.pinnedRoot = pinnedRoot.clone();
    this.roots = Collections.unmodifiableNavigableMap(new TreeMap<>(roots));
    this.timestamp = timestamp.map(byte[]::clone).orElse(null);
    this.snapshot = snapshot.map(byte[]::clone).orElse(null);
    this.roles = List.copyOf(roles);
    this.lastVerified = lastVerified.orElse(null);
  }

  /**
   * The initial state from an operator-pinned root. The root must be well-formed and signed by a
   * threshold of its own root keys (never trust on first use: the file itself is the pin).
   */
  public static TrustState pin(byte[] rootJson) throws TufRefusalException {
    RootRole root = RootRole.parse("pinned root", rootJson);
    new SignatureCheck().requireThreshold(root.md, "root", root.keys("root"));
    TreeMap<Integer, byte[]> roots = new TreeMap<>();
    roots.put(root.version(), rootJson.clone());
    return new TrustState(
        rootJson,
        roots,
        Optional.empty(),
        Optional.empty(),
        List.of(new RoleInfo("root", root.version(), root.md.expires)),
        Optional.empty());
  }

  /**
   * A state restored from a plain TUF client's metadata directory: the trusted root and, when
   * present and well-formed, the last trusted timestamp, snapshot and targets roles. Files that do
   * not parse are ignored (the client then behaves as if it never trusted them).
   *
   * @param targetsRoles exact bytes of trusted targets metadata by role name
   */
  public static TrustState restore(
      byte[] trustedRoot,
      Optional<byte[]> timestamp,
      Optional<byte[]> snapshot,
      java.util.Map<String, byte[]> targetsRoles)
      throws MalformedMetadataException {
    RootRole root = RootRole.parse("root.json", trustedRoot);
    TreeMap<Integer, byte[]> roots = new TreeMap<>();
    roots.put(root.version(), trustedRoot.clone());
    List<RoleInfo> roles = new java.util.ArrayList<>();
    roles.add(new RoleInfo("root", root.version(), root.md.expires));
    Optional<byte[]> ts =
        timestamp.filter(b -> parses(() -> TimestampRole.parse("", b).md, roles, "timestamp"));
    Optional<byte[]> snap =
        snapshot.filter(b -> parses(() -> SnapshotRole.parse("", b).md, roles, "snapshot"));
    targetsRoles.forEach(
        (name, b) -> parses(() -> SignedMetadata.parse(name, b, "targets"), roles, name));
    return new TrustState(trustedRoot, roots, ts, snap, roles, Optional.empty());
  }

  private interface MetadataParse {
    SignedMetadata parse() throws MalformedMetadataException;
  }

  private static boolean parses(MetadataParse parse, List<RoleInfo> roles, String role) {
    try {
      SignedMetadata md = parse.parse();
      roles.add(new RoleInfo(role, md.version, md.expires));
      return true;
    } catch (MalformedMetadataException e) {
      return false;
    }
  }

  /** The root the operator pinned initially. */
  public byte[] pinnedRoot() {
    return pinnedRoot.clone();
  }

  /** Every verified root by version. */
  NavigableMap<Integer, byte[]> roots() {
    return roots;
  }

  /** The version of the newest trusted root. */
  public int rootVersion() {
    return roots.lastKey();
  }

  /** The exact bytes of the newest trusted root. */
  public byte[] trustedRoot() {
    return roots.lastEntry().getValue().clone();
  }

  Optional<byte[]> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  Optional<byte[]> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** Last trusted version and expiry of each role. */
  public List<RoleInfo> roles() {
    return roles;
  }

  /** The last trusted version of a role, if it was ever trusted. */
  public Optional<Integer> version(String role) {
    return roles.stream().filter(r -> r.role().equals(role)).map(RoleInfo::version).findFirst();
  }

  /** The "now" of the last update that verified a whole repository, if any. */
  public Optional<Instant> lastVerified() {
    return Optional.ofNullable(lastVerified);
  }

  /** True when some role of this state expires at or before {@code now}. */
  boolean anyExpired(Instant now) {
    return roles.stream().anyMatch(r -> !r.expires().isAfter(now));
  }

  /** Data needed to persist this state: exact bytes are kept, nothing is re-serialized. */
  TrustStateData data() {
    return new TrustStateData(pinnedRoot, roots, timestamp(), snapshot(), roles, lastVerified());
  }

  /** The raw content of a trust state, for {@link TrustStateStore}. */
  record TrustStateData(
      byte[] pinnedRoot,
      NavigableMap<Integer, byte[]> roots,
      Optional<byte[]> timestamp,
      Optional<byte[]> snapshot,
      List<RoleInfo> roles,
      Optional<Instant> lastVerified) {}
}
