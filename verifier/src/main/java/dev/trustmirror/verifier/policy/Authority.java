package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import java.util.List;
import java.util.Objects;

/**
 * One authority of a policy: signed by any of its {@code keys} (several while rotating), or keyless
 * by a Fulcio certificate of the trust root whose identity matches any of its {@code identities}.
 * An image passes the authority when one signature verifies with one of them.
 *
 * @param name the authority's name ({@code authorities[].name}, or {@code authority N} from 1)
 * @param keys the keys, empty for a keyless authority
 * @param identities the keyless identities, empty for a key authority
 */
public record Authority(String name, List<PolicyKey> keys, List<KeylessIdentity> identities) {
  /**
   * @throws IllegalArgumentException unless exactly one of {@code keys} and {@code identities} is
   *     non-empty
   */
  public Authority {
    Objects.requireNonNull(name, "name");
    keys = List.copyOf(keys);
    identities = List.copyOf(identities);
    if (keys.isEmpty() == identities.isEmpty()) {
      throw new IllegalArgumentException("An authority has either keys or keyless identities");
    }
  }

  /** Whether this is a keyless authority. */
  public boolean isKeyless() {
    return !identities.isEmpty();
  }
}
