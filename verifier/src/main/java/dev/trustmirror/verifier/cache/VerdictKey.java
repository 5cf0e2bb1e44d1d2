package dev.trustmirror.verifier.cache;

import dev.trustmirror.verifier.registry.Digest;
import java.util.Objects;

/**
 * What a verdict depends on: the image digest, the policy ({@code VerificationPolicy.identity()})
 * and the trust root ({@code TrustedRoot.identity()}). A verdict for one key never answers another:
 * a rotated trust root or a changed policy misses.
 *
 * @param image the image digest
 * @param policyIdentity the policy's identity
 * @param trustRootIdentity the trusted root's identity
 */
public record VerdictKey(Digest image, String policyIdentity, String trustRootIdentity) {
  public VerdictKey {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(policyIdentity, "policyIdentity");
    Objects.requireNonNull(trustRootIdentity, "trustRootIdentity");
  }
}
