package dev.trustmirror.verifier.policy;

import java.util.Objects;

/**
 * A key held in a Secret ({@code keys[].secretRef}): the PEM public key under {@code key} in the
 * Secret's data. Resolved when an image is checked, so a rotated Secret applies without reloading
 * the policy.
 *
 * @param label how the key is named in verdicts ({@code release/keys[1]})
 * @param namespace the Secret's namespace
 * @param name the Secret's name
 * @param key the entry of the Secret's data ({@code cosign.pub} by default)
 */
public record SecretKeyRef(String label, String namespace, String name, String key)
    implements PolicyKey {
  /** The data key read when {@code secretRef.key} is absent, as the CRD defaults it. */
  public static final String DEFAULT_KEY = "cosign.pub";

  public SecretKeyRef {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
  }

  /** {@code secret namespace/name[key]}, for messages. */
  public String describe() {
    return "secret " + namespace + "/" + name + "[" + key + "]";
  }
}
