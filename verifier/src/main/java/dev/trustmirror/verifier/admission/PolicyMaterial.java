package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.policy.Authority;
import dev.trustmirror.verifier.policy.ImageTrustPolicy;
import dev.trustmirror.verifier.policy.InlineKey;
import dev.trustmirror.verifier.policy.InvalidPolicy;
import dev.trustmirror.verifier.policy.LoadedPolicy;
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
 * authority may pass"); or the failure that stops every check against it.
 *
 * @param verification the policy to check with, when it could be assembled
 * @param failure why not, otherwise
 */
record PolicyMaterial(Optional<VerificationPolicy> verification, Optional<PolicyResult> failure) {

  static PolicyMaterial resolve(LoadedPolicy loaded, TrustRoots trustRoots, KeySecrets secrets) {
    if (loaded instanceof InvalidPolicy invalid) {
      return failed(
          PolicyResult.failed(
              invalid.name(),
              invalid.failurePolicy(),
              CheckStatus.POLICY_INVALID,
              invalid.message()));
    }
    ImageTrustPolicy policy = (ImageTrustPolicy) loaded;
    try {
      return resolve(policy, trustRoots, secrets);
    } catch (RuntimeException e) {
      return failed(
          PolicyResult.failed(
              policy.name(),
              policy.failurePolicy(),
              CheckStatus.ERROR,
              "Tried to prepare the policy but failed because of an unexpected " + e));
    }
  }

  private static PolicyMaterial resolve(
      ImageTrustPolicy policy, TrustRoots trustRoots, KeySecrets secrets) {
    Optional<TrustedRoot> root = trustRoots.find(policy.trustRootRef());
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
    for (Authority authority : policy.authorities()) {
      identities.addAll(authority.identities());
      for (PolicyKey key : authority.keys()) {
        if (key instanceof InlineKey inline) {
          keys.add(inline.key());
          continue;
        }
        SecretKeyRef ref = (SecretKeyRef) key;
        Optional<byte[]> pem = secrets.find(ref);
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
