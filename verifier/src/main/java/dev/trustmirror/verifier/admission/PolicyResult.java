package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.policy.FailurePolicy;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.text.UntrustedText;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one image fared against one policy.
 *
 * @param policy the policy's name
 * @param failurePolicy the policy's failure policy
 * @param status how the check ended
 * @param verdict the verifier's verdict, when it gave one
 * @param reasons why it failed, each a sentence (the verdict's reasons, or the failure); empty when
 *     verified
 */
public record PolicyResult(
    String policy,
    FailurePolicy failurePolicy,
    CheckStatus status,
    Optional<Verdict> verdict,
    List<String> reasons) {
  public PolicyResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(verdict, "verdict");
    reasons = List.copyOf(reasons);
    if (status == CheckStatus.VERIFIED && (verdict.isEmpty() || !verdict.get().verified())) {
      throw new IllegalArgumentException("A verified result needs a verified verdict");
    }
  }

  static PolicyResult failed(
      String policy, FailurePolicy failurePolicy, CheckStatus status, String reason) {
    return new PolicyResult(policy, failurePolicy, status, Optional.empty(), List.of(reason));
  }

  /** ALLOW when verified, else DENY under Block and WARN under Warn. */
  public Effect effect() {
    if (status == CheckStatus.VERIFIED) {
      return Effect.ALLOW;
    }
    return failurePolicy == FailurePolicy.BLOCK ? Effect.DENY : Effect.WARN;
  }

  /** The digest the verdict is about, when there is a verdict. */
  public Optional<Digest> digest() {
    return verdict.map(Verdict::image);
  }

  /** {@code policy "p" (Block): not verified: reason; reason}. */
  public String describe() {
    return "policy \""
        + UntrustedText.of(policy)
        + "\" ("
        + failurePolicy.specName()
        + "): "
        + status.description()
        + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
  }
}
