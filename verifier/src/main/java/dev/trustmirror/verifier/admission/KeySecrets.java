package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.policy.SecretKeyRef;
import java.util.Optional;

/** The public keys policies keep in Secrets ({@code keys[].secretRef}). */
@FunctionalInterface
public interface KeySecrets {
  /**
   * The bytes under {@code ref.key()} of the Secret {@code ref.namespace()/ref.name()}.
   *
   * @return empty when the Secret or the key does not exist
   */
  Optional<byte[]> find(SecretKeyRef ref);

  /** No Secrets at all: every {@code secretRef} key is unavailable. */
  static KeySecrets none() {
    return ref -> Optional.empty();
  }
}
