package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.io.IOException;
import java.util.Optional;

/**
 * Checks one image against one policy's authorities: resolve the tag to a digest (unless the
 * reference has one), discover the signatures, verify them. The seam between the admission logic
 * and the image verifier (registry, discovery, signature verification, verdict cache); an adapter
 * of the verifier's facade implements it.
 *
 * <p>A refusal of the signatures is a {@link Verdict}; the verdict's {@link Verdict#image()} must
 * be the digest the tag resolved to (or the reference's own digest), since that is what the webhook
 * pins. Transport failures and registry refusals are exceptions, which the decider turns into
 * failures of the policy (fail closed under Block).
 */
@FunctionalInterface
public interface ImageChecker {
  /**
   * Checks {@code request.image()} against {@code request.policy()}.
   *
   * @throws IOException when the registry cannot be reached or answers 5xx (unavailable)
   * @throws RegistryRefusalException when the registry answers with something refused: unknown tag,
   *     rejected credentials, content not matching its digest
   * @throws InterruptedException when the decider gave up waiting (the budget ran out)
   */
  Verdict check(CheckRequest request)
      throws IOException, RegistryRefusalException, InterruptedException;

  /**
   * The verdict of {@link #check} when it is already known (held in memory: a cached verdict, a
   * digest already resolved), without blocking, calling out or verifying anything; empty when
   * finding it needs {@link #check}. The webhook answers a review on its event loop when every
   * check is known this way. Never throws.
   */
  default Optional<Verdict> known(CheckRequest request) {
    return Optional.empty();
  }
}
