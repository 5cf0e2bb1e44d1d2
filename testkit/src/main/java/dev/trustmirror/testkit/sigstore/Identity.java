package dev.trustmirror.testkit.sigstore;

import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The subject of a Fulcio certificate, written as its one Subject Alternative Name: an e-mail
 * address (rfc822Name, from an e-mail OIDC token) or a URI (uniformResourceIdentifier, e.g. a
 * GitHub workflow {@code https://github.com/org/repo/.github/workflows/x.yml@refs/heads/main}).
 *
 * @param kind which SAN type
 * @param value the SAN value
 */
public record Identity(Kind kind, String value) {

  /** SAN types Fulcio issues and sigstore-java's certificate matcher accepts. */
  public enum Kind {
    /** rfc822Name. */
    EMAIL,
    /** uniformResourceIdentifier. */
    URI
  }

  /** An e-mail identity. */
  public static Identity email(String address) {
    return new Identity(Kind.EMAIL, address);
  }

  /** A URI identity. */
  public static Identity uri(String uri) {
    return new Identity(Kind.URI, uri);
  }

  GeneralName generalName() {
    return new GeneralName(
        kind == Kind.EMAIL ? GeneralName.rfc822Name : GeneralName.uniformResourceIdentifier, value);
  }
}
