package dev.trustmirror.mirror;

import java.util.regex.Pattern;

/**
 * What kind of file of the published layout a request path names. It decides the caching rule and
 * is the {@code path_class} label of the request metrics, so that a metric never carries a raw,
 * attacker-chosen path.
 */
enum PathClass {
  /** {@code N.root.json}: versioned, never changes. */
  ROOT("root", true),
  /** {@code timestamp.json}: the one file that changes in place; clients must revalidate it. */
  TIMESTAMP("timestamp", false),
  /** {@code V.snapshot.json}. */
  SNAPSHOT("snapshot", true),
  /** {@code V.targets.json}. */
  TARGETS_METADATA("targets-metadata", true),
  /** {@code V.<delegated-role>.json}. */
  DELEGATED("delegated", true),
  /** {@code targets/<sha256 or sha512 hex>.<name>}: named by its own hash. */
  TARGET("target", true),
  /** {@code /healthz}, {@code /readyz}, {@code /metrics} and the status page. */
  OPS("ops", false),
  /** Anything else, for example an unversioned {@code snapshot.json}: never cached as immutable. */
  OTHER("other", false);

  private static final Pattern VERSIONED_ROLE = Pattern.compile("[1-9][0-9]{0,9}\\.[^/]+\\.json");
  private static final Pattern HASHED_TARGET =
      Pattern.compile("targets/(?:[^/]+/)*(?:[0-9a-f]{64}|[0-9a-f]{128})\\.[^/]+");

  private final String label;
  private final boolean immutable;

  PathClass(String label, boolean immutable) {
    this.label = label;
    this.immutable = immutable;
  }

  /** The metric label. */
  String label() {
    return label;
  }

  /**
   * Whether a file of this class never changes once published (its name carries its version or
   * hash), so that caches may keep it for a year.
   */
  boolean immutable() {
    return immutable;
  }

  /** The {@code Cache-Control} value for a file of this class. */
  String cacheControl() {
    if (immutable) {
      return "public, max-age=31536000, immutable";
    }
    // timestamp.json: a cache may keep it briefly, but must revalidate (cheap, ETag) before use.
    return this == TIMESTAMP ? "no-cache, max-age=60" : "no-cache";
  }

  /**
   * Classifies a repository path (decoded, without the leading slash) of the consistent-snapshot
   * layout.
   */
  static PathClass of(String path) {
    if (path.equals("timestamp.json")) {
      return TIMESTAMP;
    }
    if (path.startsWith("targets/")) {
      return HASHED_TARGET.matcher(path).matches() ? TARGET : OTHER;
    }
    if (!VERSIONED_ROLE.matcher(path).matches()) {
      return OTHER;
    }
    String role = path.substring(path.indexOf('.') + 1, path.length() - ".json".length());
    return switch (role) {
      case "root" -> ROOT;
      case "snapshot" -> SNAPSHOT;
      case "targets" -> TARGETS_METADATA;
      case "timestamp" -> OTHER;
      default -> DELEGATED;
    };
  }
}
