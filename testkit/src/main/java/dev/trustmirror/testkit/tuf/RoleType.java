package dev.trustmirror.testkit.tuf;

import java.util.Locale;

/** The roles of a generated repository: the four top-level roles and its one delegated role. */
public enum RoleType {
  ROOT,
  TIMESTAMP,
  SNAPSHOT,
  TARGETS,
  /** The single delegated targets role, named by {@link RepoOptions#delegatedRole()}. */
  DELEGATED;

  /**
   * The role's name as metadata spells it: {@code root}, {@code timestamp}, ... or the delegated
   * role's name.
   */
  public String roleName(RepoOptions options) {
    return this == DELEGATED ? options.delegatedRole() : name().toLowerCase(Locale.ROOT);
  }

  /**
   * The file name of version {@code version} of this role in the published consistent-snapshot
   * layout: {@code N.root.json}, {@code timestamp.json} (never versioned), {@code V.snapshot.json},
   * {@code V.targets.json}, {@code V.<delegated>.json}.
   */
  public String publishedFileName(RepoOptions options, int version) {
    return this == TIMESTAMP ? "timestamp.json" : version + "." + roleName(options) + ".json";
  }
}
