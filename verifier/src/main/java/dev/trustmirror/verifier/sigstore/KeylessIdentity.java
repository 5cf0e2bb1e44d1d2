package dev.trustmirror.verifier.sigstore;

import java.util.Objects;

/**
 * A signer a keyless policy accepts: the OIDC issuer (Fulcio extension 1.3.6.1.4.1.57264.1.8, or
 * .1.1 in older certificates) and the subject (the certificate's email or URI subject alternative
 * name), each exact or a regular expression.
 *
 * @param issuer how the issuer must read
 * @param subject how the subject must read
 */
public record KeylessIdentity(IdentityMatcher issuer, IdentityMatcher subject) {
  public KeylessIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
  }

  /** The authority's name in verdicts: {@code keyless issuer=<issuer>/subject=<subject>}. */
  public String authority() {
    return "keyless " + issuer.describe("issuer") + "/" + subject.describe("subject");
  }
}
