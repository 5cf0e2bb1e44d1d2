package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.registry.Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one container's image fared against every policy that applies to it.
 *
 * @param container the container and its image
 * @param results one per applicable policy, by policy name; empty when no policy applies
 * @param pin the digest to pin the image to: present when the image is admitted, was written
 *     without a digest, and at least one policy verified it (at that digest)
 */
public record ImageResult(
    ContainerImage container, List<PolicyResult> results, Optional<Digest> pin) {
  public ImageResult {
    Objects.requireNonNull(container, "container");
    results = List.copyOf(results);
    Objects.requireNonNull(pin, "pin");
  }

  /** DENY when a Block policy failed, else WARN when a Warn policy failed, else ALLOW. */
  public Effect effect() {
    Effect effect = Effect.ALLOW;
    for (PolicyResult result : results) {
      effect = effect.and(result.effect());
    }
    return effect;
  }

  /** The results that failed with {@code effect}. */
  public List<PolicyResult> failures(Effect effect) {
    return results.stream().filter(r -> r.effect() == effect).toList();
  }
}
