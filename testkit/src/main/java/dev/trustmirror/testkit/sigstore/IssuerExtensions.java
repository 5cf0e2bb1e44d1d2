package dev.trustmirror.testkit.sigstore;

/** Which Fulcio OIDC-issuer extensions a leaf certificate carries. */
public enum IssuerExtensions {
  /** Both 1.3.6.1.4.1.57264.1.1 (raw string) and 1.3.6.1.4.1.57264.1.8 (DER UTF8String). */
  BOTH,
  /** Only the deprecated 1.3.6.1.4.1.57264.1.1, as certificates issued before 2023 have. */
  V1_ONLY,
  /** Only 1.3.6.1.4.1.57264.1.8. */
  V2_ONLY,
  /** Neither: a certificate with no issuer, which an identity check must refuse. */
  NONE
}
