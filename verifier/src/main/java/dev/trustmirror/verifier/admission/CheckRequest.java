package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * One image to check against one policy's authorities.
 *
 * @param image the image; with a digest when the workload gave one or when an earlier policy's
 *     check of the same image resolved its tag (so all policies judge the same bytes)
 * @param policy every key and identity of the policy's authorities (any one may pass), its
 *     ignoreTlog and trusted root
 * @param policyName the ImageTrustPolicy's name, for logs and metrics
 * @param pullAuth where registry credentials come from
 * @param timeLeft what is left of the review's time budget: the check should give up by then (the
 *     decider stops waiting anyway)
 */
public record CheckRequest(
    ImageReference image,
    VerificationPolicy policy,
    String policyName,
    PullAuth pullAuth,
    Duration timeLeft) {
  public CheckRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(pullAuth, "pullAuth");
    Objects.requireNonNull(timeLeft, "timeLeft");
  }
}
