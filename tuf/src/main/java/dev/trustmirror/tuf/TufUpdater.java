package dev.trustmirror.tuf;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The TUF 1.0 client workflow (specification section 5) from a trusted state against one source,
 * keeping the exact bytes of everything it verified. The whole update uses one "now" (TUF 5.3.1).
 *
 * <p>Beyond a plain client, a mirror needs every file of the published layout: all roots, every
 * delegated role (followed recursively) and every target under each of its hash names.
 */
public final class TufUpdater {
  private final RepositorySource source;
  private final Clock clock;
  private final Limits limits;
  private final SignatureCheck signatures = new SignatureCheck();
  private final Predicate<String> targetFilter;

  /**
   * @param source where files come from; makes no trust decision
   * @param clock the only source of "now"
   * @param limits download size limits
   */
  public TufUpdater(RepositorySource source, Clock clock, Limits limits) {
    this(source, clock, limits, name -> true);
  }

  private TufUpdater(
      RepositorySource source, Clock clock, Limits limits, Predicate<String> targetFilter) {
    this.source = Objects.requireNonNull(source);
    this.clock = Objects.requireNonNull(clock);
    this.limits = Objects.requireNonNull(limits);
    this.targetFilter = Objects.requireNonNull(targetFilter);
  }

  /**
   * An updater that downloads only the targets whose names pass the filter (a plain TUF client that
   * refreshes metadata only, or fetches a few named targets). A mirror downloads all.
   */
  public TufUpdater withTargetFilter(Predicate<String> filter) {
    return new TufUpdater(source, clock, limits, filter);
  }

  /**
   * Refreshes: when the source's {@code timestamp.json} is byte-identical to the trusted one and
   * nothing trusted has expired, returns without a repository after one request. Otherwise runs the
   * full workflow ({@link #update}).
   */
  public UpdateResult refresh(TrustState state)
      throws TufRefusalException, SourceUnavailableException {
    Instant now = clock.instant();
    source.prepare();
    byte[] timestamp = fetchTimestamp();
    if (state.timestamp().isPresent()
        && Arrays.equals(state.timestamp().get(), timestamp)
        && !state.anyExpired(now)) {
      return new UpdateResult(Optional.empty(), state);
    }
    return run(state, now, timestamp);
  }

  /** Runs the full workflow and returns the verified repository and the new trust state. */
  public UpdateResult update(TrustState state)
      throws TufRefusalException, SourceUnavailableException {
    Instant now = clock.instant();
    source.prepare();
    return run(state, now, null);
  }

  private byte[] fetchTimestamp() throws TufRefusalException, SourceUnavailableException {
    return source
        .fetch("timestamp.json", limits.maxTimestampBytes())
        .orElseThrow(() -> new MissingFileException("timestamp", "timestamp.json"));
  }

  private UpdateResult run(TrustState state, Instant now, byte[] prefetchedTimestamp)
      throws TufRefusalException, SourceUnavailableException {
    RootChain.Walk walk = new RootChain(source, signatures, limits).walk(state, now);
    RootRole root = walk.trusted();
    TrustState effective = forgetRotatedRoles(state, walk);

    byte[] tsBytes = prefetchedTimestamp != null ? prefetchedTimestamp : fetchTimestamp();
    TimestampRole timestamp = verifyTimestamp(root, effective, tsBytes, now);
    SnapshotRole snapshot = verifySnapshot(root, effective, timestamp, now);

    TreeMap<String, byte[]> files = new TreeMap<>();
    walk.roots().forEach((v, b) -> files.put(v + ".root.json", b));
    files.put("timestamp.json", tsBytes);
    files.put(metadataPath(root, "snapshot", snapshot.md.version), snapshot.md.raw);

    TargetsWalk targets =
        new TargetsWalk(
            source,
            signatures,
            limits,
            root.consistentSnapshot,
            snapshot,
            effective,
            now,
            targetFilter);
    targets.run(root.keys("targets"), files);

    List<RoleInfo> roles = new ArrayList<>();
    roles.add(new RoleInfo("root", root.version(), root.md.expires));
    roles.add(new RoleInfo("timestamp", timestamp.md.version, timestamp.md.expires));
    roles.add(new RoleInfo("snapshot", snapshot.md.version, snapshot.md.expires));
    roles.addAll(targets.roles());

    Map<String, String> rolePaths = new HashMap<>(targets.rolePaths());
    rolePaths.put("snapshot", metadataPath(root, "snapshot", snapshot.md.version));
    VerifiedRepository repo =
        new VerifiedRepository(files, roles, rolePaths, targets.targetFiles(), root.version(), now);
    TrustState next =
        new TrustState(
            state.pinnedRoot(),
            walk.roots(),
            Optional.of(tsBytes),
            Optional.of(snapshot.md.raw),
            roles,
            Optional.of(now));
    return new UpdateResult(Optional.of(repo), next);
  }

  /**
   * TUF 5.3.11: when a new root rotated the timestamp or snapshot keys, the trusted timestamp and
   * snapshot are deleted, so a fast-forward attack on the old keys cannot block recovery.
   */
  private static TrustState forgetRotatedRoles(TrustState state, RootChain.Walk walk) {
    RootRole before = walk.initial();
    RootRole after = walk.trusted();
    boolean rotated =
        !before.keys("timestamp").sameKeyIds(after.keys("timestamp"))
            || !before.keys("snapshot").sameKeyIds(after.keys("snapshot"));
    if (!rotated) {
      return state;
    }
    List<RoleInfo> keep =
        state.roles().stream()
            .filter(r -> !r.role().equals("timestamp") && !r.role().equals("snapshot"))
            .toList();
    return new TrustState(
        state.pinnedRoot(),
        state.roots(),
        Optional.empty(),
        Optional.empty(),
        keep,
        state.lastVerified());
  }

  private TimestampRole verifyTimestamp(RootRole root, TrustState state, byte[] bytes, Instant now)
      throws TufRefusalException {
    TimestampRole ts = TimestampRole.parse("timestamp.json", bytes);
    // TUF 5.4.2: signed by a threshold of the timestamp keys of the trusted root.
    signatures.requireThreshold(ts.md, "timestamp", root.keys("timestamp"));
    if (state.timestamp().isPresent()) {
      TimestampRole trusted =
          TimestampRole.parse("trusted timestamp.json", state.timestamp().get());
      // TUF 5.4.3.1: the timestamp version must not go down.
      if (ts.md.version < trusted.md.version) {
        throw new RollbackException("timestamp", trusted.md.version, ts.md.version);
      }
      // TUF 5.4.3.2: nor the snapshot version it names.
      if (ts.snapshotVersion < trusted.snapshotVersion) {
        throw new RollbackException("snapshot", trusted.snapshotVersion, ts.snapshotVersion);
      }
    }
    // TUF 5.4.4: freeze attack.
    if (!ts.md.expires.isAfter(now)) {
      throw new ExpiredMetadataException("timestamp", ts.md.version, ts.md.expires, now);
    }
    return ts;
  }

  private SnapshotRole verifySnapshot(
      RootRole root, TrustState state, TimestampRole ts, Instant now)
      throws TufRefusalException, SourceUnavailableException {
    String path = metadataPath(root, "snapshot", ts.snapshotVersion);
    long max = ts.snapshotInfo.length().orElse(limits.maxMetadataBytes());
    byte[] bytes =
        source.fetch(path, max).orElseThrow(() -> new MissingFileException("snapshot", path));
    // TUF 5.5.2: hashes and length as the timestamp lists them.
    ts.snapshotInfo.check(path, bytes);
    SnapshotRole snapshot = SnapshotRole.parse(path, bytes);
    // TUF 5.5.3: signed by a threshold of the snapshot keys.
    signatures.requireThreshold(snapshot.md, "snapshot", root.keys("snapshot"));
    // TUF 5.5.4: the version the timestamp promised (mix-and-match).
    if (snapshot.md.version != ts.snapshotVersion) {
      throw new VersionMismatchException("snapshot", ts.snapshotVersion, snapshot.md.version);
    }
    if (state.snapshot().isPresent()) {
      SnapshotRole trusted = SnapshotRole.parse("trusted snapshot.json", state.snapshot().get());
      // TUF 5.5.5: no targets role listed before may disappear or go down in version.
      for (var e : trusted.meta.entrySet()) {
        SnapshotRole.Entry now2 = snapshot.meta.get(e.getKey());
        String role = e.getKey().substring(0, e.getKey().length() - ".json".length());
        if (now2 == null) {
          throw new RollbackException(role, e.getValue().version(), 0);
        }
        if (now2.version() < e.getValue().version()) {
          throw new RollbackException(role, e.getValue().version(), now2.version());
        }
      }
    }
    // TUF 5.5.6: freeze attack.
    if (!snapshot.md.expires.isAfter(now)) {
      throw new ExpiredMetadataException("snapshot", snapshot.md.version, snapshot.md.expires, now);
    }
    return snapshot;
  }

  /** {@code V.role.json} with consistent snapshots, {@code role.json} without. */
  static String metadataPath(RootRole root, String role, int version) {
    return root.consistentSnapshot ? version + "." + role + ".json" : role + ".json";
  }
}
