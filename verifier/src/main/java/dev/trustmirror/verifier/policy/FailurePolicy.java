package dev.trustmirror.verifier.policy;

import java.util.Optional;

/**
 * What a policy does with an image it does not pass, whatever the cause (no valid signature, a
 * missing trust root, an unreachable registry, a timeout, an error).
 */
public enum FailurePolicy {
  /** Deny the workload: fail closed. The default. */
  BLOCK("Block"),
  /** Admit the workload with admission warnings and an Event. */
  WARN("Warn");

  private final String specName;

  FailurePolicy(String specName) {
    this.specName = specName;
  }

  /** How the resource spells it: {@code Block} or {@code Warn}. */
  public String specName() {
    return specName;
  }

  /** The value spelled exactly {@code Block} or {@code Warn}, if it is one. */
  static Optional<FailurePolicy> fromSpec(String value) {
    for (FailurePolicy policy : values()) {
      if (policy.specName.equals(value)) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
