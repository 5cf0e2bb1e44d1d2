package dev.trustmirror.tuf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * TUF 5.6 and 5.7 for a mirror: verifies the top-level targets role, then every delegated targets
 * role reachable from it (pre-order, each role once), and downloads every target a role may sign,
 * checking length and hashes and keeping it under each of its hash names.
 */
final class TargetsWalk {
  private final RepositorySource source;
  private final SignatureCheck signatures;
  private final Limits limits;
  private final boolean consistent;
  private final SnapshotRole snapshot;
  private final TrustState state;
  private final Instant now;
  private final List<RoleInfo> roles = new ArrayList<>();
  private final Map<String, String> targetFiles = new LinkedHashMap<>();
  private final Set<String> visited = new HashSet<>();
  private final Map<String, String> rolePaths = new LinkedHashMap<>();
  private final Predicate<String> targetFilter;
  private final List<TargetsRole.Target> pending = new ArrayList<>();

  TargetsWalk(
      RepositorySource source,
      SignatureCheck signatures,
      Limits limits,
      boolean consistent,
      SnapshotRole snapshot,
      TrustState state,
      Instant now,
      Predicate<String> targetFilter) {
    this.source = source;
    this.signatures = signatures;
    this.limits = limits;
    this.consistent = consistent;
    this.snapshot = snapshot;
    this.state = state;
    this.now = now;
    this.targetFilter = targetFilter;
  }

  void run(RoleKeys topLevelKeys, TreeMap<String, byte[]> files)
      throws TufRefusalException, SourceUnavailableException {
    visit("targets", topLevelKeys, Optional.empty(), files);
    new TargetDownloads(source, limits, consistent).downloadAll(pending, files, targetFiles);
  }

  /** Verified targets roles in visiting order. */
  List<RoleInfo> roles() {
    return roles;
  }

  /** Published path of each verified targets role. */
  Map<String, String> rolePaths() {
    return rolePaths;
  }

  /** Target name to its published path (the first hash name). */
  Map<String, String> targetFiles() {
    return targetFiles;
  }

  private void visit(
      String role,
      RoleKeys keys,
      Optional<TargetsRole.Delegation> via,
      TreeMap<String, byte[]> files)
      throws TufRefusalException, SourceUnavailableException {
    visited.add(role);
    SnapshotRole.Entry entry =
        snapshot
            .find(role)
            .orElseThrow(() -> new MissingFileException(role, "snapshot entry " + role + ".json"));
    String path = consistent ? entry.version() + "." + role + ".json" : role + ".json";
    long max = entry.info().length().orElse(limits.maxMetadataBytes());
    byte[] bytes = source.fetch(path, max).orElseThrow(() -> new MissingFileException(role, path));
    // TUF 5.6.2: length and hashes as the snapshot lists them.
    entry.info().check(path, bytes);
    TargetsRole targets = TargetsRole.parse(path, bytes, role);
    // TUF 5.6.3: signed by a threshold of the keys the root (or the delegating role) names.
    signatures.requireThreshold(targets.md, role, keys);
    // TUF 5.6.4: the version the snapshot promised (mix-and-match).
    if (targets.md.version != entry.version()) {
      throw new VersionMismatchException(role, entry.version(), targets.md.version);
    }
    Optional<Integer> trusted = state.version(role);
    if (trusted.isPresent() && targets.md.version < trusted.get()) {
      throw new RollbackException(role, trusted.get(), targets.md.version);
    }
    // TUF 5.6.5: freeze attack.
    if (!targets.md.expires.isAfter(now)) {
      throw new ExpiredMetadataException(role, targets.md.version, targets.md.expires, now);
    }
    files.put(path, bytes);
    rolePaths.put(role, path);
    roles.add(new RoleInfo(role, targets.md.version, targets.md.expires));

    for (TargetsRole.Target t : targets.targets.values()) {
      // A delegated role may only sign the paths delegated to it; others are not mirrored.
      if ((via.isEmpty() || via.get().covers(t.path())) && targetFilter.test(t.path().name())) {
        pending.add(t);
      }
    }
    for (TargetsRole.Delegation d : targets.delegations) {
      if (visited.contains(d.name())) {
        continue;
      }
      if (visited.size() > limits.maxDelegatedRoles()) {
        throw new MalformedMetadataException(
            path, "more than " + limits.maxDelegatedRoles() + " delegated roles");
      }
      visit(d.name(), d.keys(), Optional.of(d), files);
    }
  }
}
