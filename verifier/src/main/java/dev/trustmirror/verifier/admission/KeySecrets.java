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

  /**
   * What {@link #find} would answer for {@code ref}, when it is held in memory (the outer optional
   * empty when finding it needs a call to the API server). Never blocks, never throws.
   */
  default Optional<Optional<byte[]>> known(SecretKeyRef ref) {
    return Optional.empty();
  }

  /** No Secrets at all: every {@code secretRef} key is unavailable. */
  static KeySecrets none() {
    return new KeySecrets() {
      @Override
      public Optional<byte[]> find(SecretKeyRef ref) {
        return Optional.empty();
      }

      @Override
      public Optional<Optional<byte[]>> known(SecretKeyRef ref) {
        return Optional.of(Optional.empty());
      }
    };
  }
}
