package dev.trustmirror.verifier.policy;

import java.util.Objects;

/**
 * The {@code Ready} condition the webhook writes into an {@code ImageTrustPolicy}'s {@code
 * status.conditions} (the CRD's printer columns read it): True with reason {@code Loaded} for a
 * valid policy, False with reason {@code Invalid} and the parse error for one that is not.
 *
 * @param type always {@link #READY}
 * @param status {@code True} or {@code False}
 * @param reason {@code Loaded} or {@code Invalid}
 * @param message a human-readable sentence, at most {@link #MAX_MESSAGE} characters
 * @param observedGeneration the generation the condition was computed for
 */
public record PolicyCondition(
    String type, String status, String reason, String message, long observedGeneration) {
  /** The condition type. */
  public static final String READY = "Ready";

  /** Longest message written. */
  public static final int MAX_MESSAGE = 1024;

  public PolicyCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 3) + "...";
    }
  }

  static PolicyCondition loaded(ImageTrustPolicy policy) {
    return new PolicyCondition(
        READY,
        "True",
        "Loaded",
        "The policy is loaded: "
            + policy.images().size()
            + " image glob(s), "
            + policy.authorities().size()
            + " authority(ies), failure policy "
            + policy.failurePolicy().specName(),
        policy.generation());
  }

  static PolicyCondition invalid(InvalidPolicy policy) {
    return new PolicyCondition(
        READY,
        "False",
        "Invalid",
        policy.message()
            + ". Until it is fixed, the policy "
            + (policy.failurePolicy() == FailurePolicy.BLOCK ? "denies" : "warns about")
            + " every image it covers.",
        policy.generation());
  }

  /** Whether the condition says the policy is loaded. */
  public boolean isReady() {
    return status.equals("True");
  }
}
