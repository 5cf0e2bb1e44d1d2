package dev.trustmirror.tuf;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * TUF 5.3: walks the root chain N → N+1 from the trusted root, each new root signed by a threshold
 * of the old root's keys and of its own, and collects the exact bytes of every root for the
 * published layout (including roots older than the pinned one, see {@link #collectOlder}).
 */
final class RootChain {
  private final RepositorySource source;
  private final SignatureCheck signatures;
  private final Limits limits;

  RootChain(RepositorySource source, SignatureCheck signatures, Limits limits) {
    this.source = source;
    this.signatures = signatures;
    this.limits = limits;
  }

  /** Result of the walk: every root by version, and the newest one parsed. */
  record Walk(NavigableMap<Integer, byte[]> roots, RootRole trusted, RootRole initial) {}

  Walk walk(TrustState state, Instant now) throws TufRefusalException, SourceUnavailableException {
    TreeMap<Integer, byte[]> roots = new TreeMap<>(state.roots());
    RootRole initial = RootRole.parse(state.rootVersion() + ".root.json", state.trustedRoot());
    RootRole trusted = initial;
    for (int i = 0; i < limits.maxRootRotations(); i++) {
      int next = trusted.version() + 1;
      String path = next + ".root.json";
      // TUF 5.3.3: try N+1 until it is not found.
      Optional<byte[]> bytes = source.fetch(path, limits.maxRootBytes());
      if (bytes.isEmpty()) {
        break;
      }
      RootRole candidate = RootRole.parse(path, bytes.get());
      // TUF 5.3.4: signed by a threshold of the trusted root's root keys and of its own.
      signatures.requireThreshold(candidate.md, "root", trusted.keys("root"));
      signatures.requireThreshold(candidate.md, "root", candidate.keys("root"));
      // TUF 5.3.5: the version must be exactly N+1 (no rollback, no skipping).
      if (candidate.version() != next) {
        if (candidate.version() < next) {
          throw new RollbackException("root", trusted.version(), candidate.version());
        }
        throw new VersionMismatchException("root", next, candidate.version());
      }
      roots.put(next, bytes.get());
      trusted = candidate;
    }
    // TUF 5.3.10: a root that has expired means a freeze attack.
    if (!trusted.md.expires.isAfter(now)) {
      throw new ExpiredMetadataException("root", trusted.version(), trusted.md.expires, now);
    }
    collectOlder(roots);
    return new Walk(roots, trusted, initial);
  }

  /**
   * Roots older than the oldest trusted one are served too, so that clients pinned to an older root
   * can walk forward. They cannot be verified forward from our pin, so each is accepted only if a
   * threshold of its own root keys signed its successor (the chain is consistent) and its version
   * matches its name. Clients still verify them from their own pin.
   */
  private void collectOlder(TreeMap<Integer, byte[]> roots)
      throws TufRefusalException, SourceUnavailableException {
    while (roots.firstKey() > 1) {
      int older = roots.firstKey() - 1;
      String path = older + ".root.json";
      Optional<byte[]> bytes = source.fetch(path, limits.maxRootBytes());
      if (bytes.isEmpty()) {
        return;
      }
      RootRole candidate = RootRole.parse(path, bytes.get());
      if (candidate.version() != older) {
        throw new VersionMismatchException("root", older, candidate.version());
      }
      Map.Entry<Integer, byte[]> successor = roots.firstEntry();
      RootRole next = RootRole.parse(successor.getKey() + ".root.json", successor.getValue());
      signatures.requireThreshold(next.md, "root", candidate.keys("root"));
      roots.put(older, bytes.get());
    }
  }
}
