package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.sigstore.VerificationKey;
import java.util.Objects;

/**
 * A key given as PEM in the policy ({@code keys[].data}), parsed when the policy loaded.
 *
 * @param key the parsed key; its name is the label
 */
public record InlineKey(VerificationKey key) implements PolicyKey {
  public InlineKey {
    Objects.requireNonNull(key, "key");
  }

  @Override
  public String label() {
    return key.name();
  }
}
