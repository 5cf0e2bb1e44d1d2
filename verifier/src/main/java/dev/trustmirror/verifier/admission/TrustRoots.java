package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.trust.TrustedRoot;
import java.util.Optional;

/**
 * The verified trust roots the webhook holds, by TrustRoot name (the webhook's TrustRoot informer
 * verifies each through the TUF client and keeps the last good one).
 */
@FunctionalInterface
public interface TrustRoots {
  /**
   * The trusted root a policy refers to.
   *
   * @param trustRootRef the policy's {@code trustRootRef}; empty for the webhook's default trust
   *     root
   * @return empty when there is none (missing, never verified, or no default configured)
   */
  Optional<TrustedRoot> find(Optional<String> trustRootRef);
}
