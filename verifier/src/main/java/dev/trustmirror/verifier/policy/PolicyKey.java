package dev.trustmirror.verifier.policy;

/**
 * A public key of an authority: inline PEM, parsed when the policy loads ({@link InlineKey}), or a
 * reference to a Secret holding it ({@link SecretKeyRef}), read when an image is checked.
 */
public sealed interface PolicyKey permits InlineKey, SecretKeyRef {
  /** How the key is named in verdicts and messages ({@code release/keys[0]}). */
  String label();
}
