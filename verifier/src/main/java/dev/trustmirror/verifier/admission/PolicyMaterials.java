package dev.trustmirror.verifier.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trustmirror.verifier.policy.ImageTrustPolicy;
import dev.trustmirror.verifier.policy.InvalidPolicy;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.SecretKeyRef;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds each policy's {@link PolicyMaterial} and keeps it while its inputs stay the same: the
 * policy object (the informer replaces it on a change), the trusted root object (the TrustRoot
 * watcher replaces it on a change) and the bytes of its {@code secretRef} keys (read on every
 * review through {@link KeySecrets}, which caches them briefly). A review of a known policy then
 * parses no key and hashes nothing. Thread-safe.
 */
final class PolicyMaterials {
  /** Policies kept at most; each policy object is held weakly. */
  private static final int MAX_POLICIES = 1024;

  private record Entry(TrustedRoot root, List<Optional<byte[]>> secrets, PolicyMaterial material) {
    boolean builtFrom(Optional<TrustedRoot> otherRoot, List<Optional<byte[]>> otherSecrets) {
      if (otherRoot.orElse(null) != root || otherSecrets.size() != secrets.size()) {
        return false;
      }
      for (int i = 0; i < secrets.size(); i++) {
        Optional<byte[]> a = secrets.get(i);
        Optional<byte[]> b = otherSecrets.get(i);
        if (a.isPresent() != b.isPresent() || (a.isPresent() && !Arrays.equals(a.get(), b.get()))) {
          return false;
        }
      }
      return true;
    }
  }

  private final Cache<LoadedPolicy, Entry> memo =
      Caffeine.newBuilder().weakKeys().maximumSize(MAX_POLICIES).executor(Runnable::run).build();

  /**
   * The material of {@code loaded}, reading its key Secrets through {@code secrets}.
   *
   * @param memoryOnly read only what {@link KeySecrets#known} holds: empty when a Secret is not
   *     held; otherwise through {@link KeySecrets#find}, which may call the API server
   * @return the material; empty only under {@code memoryOnly}
   */
  Optional<PolicyMaterial> resolve(
      LoadedPolicy loaded, TrustRoots trustRoots, KeySecrets secrets, boolean memoryOnly) {
    if (loaded instanceof InvalidPolicy invalid) {
      return Optional.of(PolicyMaterial.invalid(invalid));
    }
    ImageTrustPolicy policy = (ImageTrustPolicy) loaded;
    Optional<TrustedRoot> root;
    List<Optional<byte[]>> values = new ArrayList<>();
    try {
      root = trustRoots.find(policy.trustRootRef());
      for (SecretKeyRef ref :
          root.isEmpty() ? List.<SecretKeyRef>of() : PolicyMaterial.secretRefs(policy)) {
        Optional<Optional<byte[]>> value =
            memoryOnly ? secrets.known(ref) : Optional.of(secrets.find(ref));
        if (value.isEmpty()) {
          return Optional.empty();
        }
        values.add(value.get());
      }
    } catch (RuntimeException e) { // e.g. the API server cannot be read: the policy's check fails
      return Optional.of(PolicyMaterial.unexpected(policy, e));
    }
    Entry entry = memo.getIfPresent(loaded);
    if (entry != null && entry.builtFrom(root, values)) {
      return Optional.of(entry.material());
    }
    PolicyMaterial material = PolicyMaterial.build(policy, root, values);
    if (root.isPresent() && material.verification().isPresent()) {
      memo.put(loaded, new Entry(root.get(), List.copyOf(values), material));
    }
    return Optional.of(material);
  }
}
