package dev.trustmirror.mirror;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the served repository comes from, as the status page and {@code trustmirror_source_info}
 * show it.
 *
 * @param kind {@code directory} or {@code trustroot}
 * @param location the published directory (absolute), or the {@code TrustRoot}'s name
 * @param version the {@code resourceVersion} of the served {@code TrustRoot}; empty for a
 *     directory, and before anything is served
 */
record SourceDescription(String kind, String location, Optional<String> version) {
  static final String DIRECTORY = "directory";
  static final String TRUST_ROOT = "trustroot";

  SourceDescription {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(version, "version");
  }

  /** {@code Directory} or {@code TrustRoot}: the name of the row on the status page. */
  String label() {
    return kind.equals(TRUST_ROOT) ? "TrustRoot" : "Directory";
  }

  /** {@code /srv/out}, or {@code sigstore, resourceVersion 812}. */
  String value() {
    return location + version.map(v -> ", resourceVersion " + v).orElse("");
  }
}
