package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a signature must satisfy: signed by any of {@code keys} (key rotation: list the last N
 * keys), or keyless by any of {@code identities}; checked against the transparency log unless
 * {@code ignoreTlog}; all against {@code trustedRoot}.
 *
 * @param keys trusted public keys, "key 1" to "key N" in verdicts
 * @param identities accepted keyless signers
 * @param ignoreTlog skip the transparency log (cosign's {@code --insecure-ignore-tlog}): the
 *     signing time then comes from an RFC 3161 timestamp, or else the certificate must be valid now
 * @param trustedRoot the Fulcio CAs, CT logs, Rekor logs and TSAs to trust
 */
public record VerificationPolicy(
    List<VerificationKey> keys,
    List<KeylessIdentity> identities,
    boolean ignoreTlog,
    TrustedRoot trustedRoot) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException when there is neither a key nor an identity
   */
  public VerificationPolicy {
    keys = List.copyOf(keys);
    identities = List.copyOf(identities);
    Objects.requireNonNull(trustedRoot, "trustedRoot");
    if (keys.isEmpty() && identities.isEmpty()) {
      throw new IllegalArgumentException(
          "A verification policy needs at least one key or one keyless identity");
    }
  }

  /** A key-based policy. */
  public static VerificationPolicy keys(
      List<VerificationKey> keys, boolean ignoreTlog, TrustedRoot trustedRoot) {
    return new VerificationPolicy(keys, List.of(), ignoreTlog, trustedRoot);
  }

  /** A keyless policy. */
  public static VerificationPolicy keyless(
      List<KeylessIdentity> identities, boolean ignoreTlog, TrustedRoot trustedRoot) {
    return new VerificationPolicy(List.of(), identities, ignoreTlog, trustedRoot);
  }

  /**
   * {@code sha256:<hex>} over the keys' fingerprints, the identities and {@code ignoreTlog}, in
   * order: equal for policies that accept the same signatures. The trusted root is not part of it
   * (the verdict cache keys it separately, by {@link TrustedRoot#identity()}).
   */
  public String identity() {
    StringBuilder text = new StringBuilder("trust-mirror verification policy v1\n");
    for (VerificationKey key : keys) {
      text.append("key ").append(key.fingerprint()).append('\n');
    }
    for (KeylessIdentity identity : identities) {
      text.append("keyless ");
      netstring(text, identity.issuer());
      text.append(' ');
      netstring(text, identity.subject());
      text.append('\n');
    }
    text.append("ignoreTlog ").append(ignoreTlog).append('\n');
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** {@code exact|regexp <length>:<text>}: the length first, so no two lists encode alike. */
  private static void netstring(StringBuilder out, IdentityMatcher matcher) {
    out.append(matcher.isRegexp() ? "regexp " : "exact ")
        .append(matcher.text().length())
        .append(':')
        .append(matcher.text());
  }
}
