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
 * <p>{@code ignoreTlog} is cosign's {@code --insecure-ignore-tlog}: the signing time then comes
 * from an RFC 3161 timestamp, or else the certificate must be valid now. Immutable; its {@link
 * #identity()} is computed once, since every check of every review keys caches by it.
 */
public final class VerificationPolicy {
  private final List<VerificationKey> keys;
  private final List<KeylessIdentity> identities;
  private final boolean ignoreTlog;
  private final TrustedRoot trustedRoot;
  private final String identity;

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException when there is neither a key nor an identity
   */
  public VerificationPolicy(
      List<VerificationKey> keys,
      List<KeylessIdentity> identities,
      boolean ignoreTlog,
      TrustedRoot trustedRoot) {
    this.keys = List.copyOf(keys);
    this.identities = List.copyOf(identities);
    this.ignoreTlog = ignoreTlog;
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
    if (this.keys.isEmpty() && this.identities.isEmpty()) {
      throw new IllegalArgumentException(
          "A verification policy needs at least one key or one keyless identity");
    }
    this.identity = computeIdentity();
  }

  /** Trusted public keys, "key 1" to "key N" in verdicts. */
  public List<VerificationKey> keys() {
    return keys;
  }

  /** Accepted keyless signers. */
  public List<KeylessIdentity> identities() {
    return identities;
  }

  /** Whether the transparency log is skipped. */
  public boolean ignoreTlog() {
    return ignoreTlog;
  }

  /** The Fulcio CAs, CT logs, Rekor logs and TSAs to trust. */
  public TrustedRoot trustedRoot() {
    return trustedRoot;
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
    return identity;
  }

  private String computeIdentity() {
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

  @Override
  public boolean equals(Object o) {
    return o instanceof VerificationPolicy other
        && keys.equals(other.keys)
        && identities.equals(other.identities)
        && ignoreTlog == other.ignoreTlog
        && trustedRoot.equals(other.trustedRoot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keys, identities, ignoreTlog, trustedRoot);
  }

  @Override
  public String toString() {
    return "VerificationPolicy[keys="
        + keys
        + ", identities="
        + identities
        + ", ignoreTlog="
        + ignoreTlog
        + ", trustedRoot="
        + trustedRoot
        + "]";
  }
}
