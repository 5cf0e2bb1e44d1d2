package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import java.util.Optional;

/**
 * A {@code TrustRoot} of that name exists but trust-mirror does not manage it (its {@code
 * app.kubernetes.io/managed-by} label is not {@code trust-mirror}), and the publisher was not told
 * to adopt it. Nothing was written to it.
 */
public final class UnmanagedTrustRootException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String managedBy;

  UnmanagedTrustRootException(String name, Optional<String> managedBy) {
    super(
        "Refused to overwrite TrustRoot "
            + name
            + ": its "
            + TrustRootResources.MANAGED_BY_LABEL
            + " label is "
            + managedBy.map(v -> "'" + v + "'").orElse("absent")
            + ", not '"
            + TrustRootResources.MANAGED_BY
            + "', so someone else manages it. Choose another --trustroot name, or take it over"
            + " with --trustroot-adopt.");
    this.name = name;
    this.managedBy = managedBy.orElse(null);
  }

  /** The resource's name. */
  public String name() {
    return name;
  }

  /** The value of its {@code app.kubernetes.io/managed-by} label, if it has one. */
  public Optional<String> managedBy() {
    return Optional.ofNullable(managedBy);
  }

  /** Condition and event reason. */
  public String reason() {
    return "NotManaged";
  }
}
