package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.policy.Authority;
import dev.trustmirror.verifier.policy.ImageTrustPolicy;
import dev.trustmirror.verifier.policy.InlineKey;
import dev.trustmirror.verifier.policy.InvalidPolicy;
import dev.trustmirror.verifier.policy.PolicyKey;
import dev.trustmirror.verifier.policy.SecretKeyRef;
import dev.trustmirror.verifier.sigstore.InvalidPolicyException;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a policy needs before any image can be checked against it: its trusted root and keys, merged
 * into one {@link VerificationPolicy} (any key or identity of any authority may pass, which is "any
 * authority may pass"); or the failure that stops every check against it. {@link PolicyMaterials}
 * builds and keeps them.
 *
 * @param verification the policy to check with, when it could be assembled
 * @param failure why not, otherwise
 */
record PolicyMaterial(Optional<VerificationPolicy> verification, Optional<PolicyResult> failure) {

  /** An invalid policy: every check against it fails with its message. */
  static PolicyMaterial invalid(InvalidPolicy invalid) {
    return failed(
        PolicyResult.failed(
            invalid.name(),
            invalid.failurePolicy(),
            CheckStatus.POLICY_INVALID,
            invalid.message()));
  }

  /**
   * The material of {@code policy} under {@code root}, with the values of its {@code secretRef}
   * keys in the order its authorities list them (empty: the Secret or its key does not exist).
   */
  static PolicyMaterial build(
      ImageTrustPolicy policy, Optional<TrustedRoot> root, List<Optional<byte[]>> secretValues) {
    try {
      return assemble(policy, root, secretValues);
    } catch (RuntimeException e) {
      return unexpected(policy, e);
    }
  }

  /** Preparing {@code policy} failed unexpectedly (e.g. its key Secret could not be read). */
  static PolicyMaterial unexpected(ImageTrustPolicy policy, RuntimeException e) {
    return failed(
        PolicyResult.failed(
            policy.name(),
            policy.failurePolicy(),
            CheckStatus.ERROR,
            "Tried to prepare the policy but failed because of an unexpected " + e));
  }

  /** The {@code secretRef} keys of {@code policy}, in the order {@link #build} takes values. */
  static List<SecretKeyRef> secretRefs(ImageTrustPolicy policy) {
    List<SecretKeyRef> refs = new ArrayList<>();
    for (Authority authority : policy.authorities()) {
      for (PolicyKey key : authority.keys()) {
        if (key instanceof SecretKeyRef ref) {
          refs.add(ref);
        }
      }
    }
    return refs;
  }

  private static PolicyMaterial assemble(
      ImageTrustPolicy policy, Optional<TrustedRoot> root, List<Optional<byte[]>> secretValues) {
    if (root.isEmpty()) {
      return failed(
          PolicyResult.failed(
              policy.name(),
              policy.failurePolicy(),
              CheckStatus.TRUST_ROOT_MISSING,
              policy
                  .trustRootRef()
                  .map(
                      ref ->
                          "the TrustRoot \""
                              + ref
                              + "\" is not loaded (it does not exist or never verified)")
                  .orElse("the policy names no trustRootRef and the webhook has no default")));
    }
    List<VerificationKey> keys = new ArrayList<>();
    List<KeylessIdentity> identities = new ArrayList<>();
    int secret = 0;
    for (Authority authority : policy.authorities()) {
      identities.addAll(authority.identities());
      for (PolicyKey key : authority.keys()) {
        if (key instanceof InlineKey inline) {
          keys.add(inline.key());
          continue;
        }
        SecretKeyRef ref = (SecretKeyRef) key;
        Optional<byte[]> pem = secretValues.get(secret++);
        if (pem.isEmpty()) {
          return keyUnavailable(policy, "the " + ref.describe() + " does not exist");
        }
        try {
          keys.add(VerificationKey.parse(pem.get(), ref.label()));
        } catch (InvalidPolicyException e) {
          return keyUnavailable(
              policy, "the " + ref.describe() + " is not a usable public key: " + e.getMessage());
        }
      }
    }
    return new PolicyMaterial(
        Optional.of(new VerificationPolicy(keys, identities, policy.ignoreTlog(), root.get())),
        Optional.empty());
  }

  private static PolicyMaterial keyUnavailable(ImageTrustPolicy policy, String why) {
    return failed(
        PolicyResult.failed(
            policy.name(), policy.failurePolicy(), CheckStatus.KEY_UNAVAILABLE, why));
  }

  private static PolicyMaterial failed(PolicyResult failure) {
    return new PolicyMaterial(Optional.empty(), Optional.of(failure));
  }
}
