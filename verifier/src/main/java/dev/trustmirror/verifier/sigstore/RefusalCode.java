package dev.trustmirror.verifier.sigstore;

/** Why a signature was not accepted by an authority: the typed part of a {@link Reason}. */
public enum RefusalCode {
  /** The image has no signature at all (no cosign layer, no bundle). */
  NO_SIGNATURE,
  /** A signature layer or one of its annotations does not parse. */
  MALFORMED_SIGNATURE,
  /** The simple-signing payload does not parse. */
  MALFORMED_PAYLOAD,
  /** A Sigstore bundle does not parse, or violates its version's rules. */
  MALFORMED_BUNDLE,
  /** The signature does not verify with the key or the certificate's key. */
  SIGNATURE_INVALID,
  /**
   * The signed payload or bundle names another image digest (a signature copied from another
   * image).
   */
  PAYLOAD_DIGEST_MISMATCH,
  /** The payload's {@code critical.type} (or a DSSE payload type) is not the expected one. */
  PAYLOAD_WRONG_TYPE,
  /** A keyless authority, but the signature carries no certificate. */
  CERTIFICATE_MISSING,
  /** A key-based bundle (public key hint) while the policy is keyless only, or the reverse. */
  MATERIAL_MISMATCH,
  /** The certificate was not issued by any certificate authority of the trusted root. */
  UNTRUSTED_CA,
  /** The issuing CA (or a certificate of its chain) was not valid at the signing time. */
  CA_NOT_VALID_AT_SIGNING_TIME,
  /** The signing certificate was not valid at the signing time (log or TSA time). */
  CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
  /**
   * Under {@code ignoreTlog} without an RFC 3161 timestamp, the certificate must be valid now
   * (cosign's semantics) and it is not.
   */
  CERTIFICATE_NOT_VALID_NOW,
  /**
   * The certificate is not for code signing (key usage, extended key usage, or a CA certificate).
   */
  CERTIFICATE_NOT_FOR_CODE_SIGNING,
  /** The certificate carries no embedded SCT. */
  SCT_MISSING,
  /** No embedded SCT verifies against a CT log of the trusted root valid at its time. */
  SCT_INVALID,
  /** The certificate's OIDC issuer is not the one the identity demands. */
  ISSUER_MISMATCH,
  /** The certificate's subject (email or URI) is not the one the identity demands. */
  SUBJECT_MISMATCH,
  /** The transparency log is required but the signature carries no entry. */
  TLOG_ENTRY_MISSING,
  /** The entry's log is not in the trusted root, or its key was not valid at the entry's time. */
  TLOG_UNKNOWN,
  /** The entry has no SET and no inclusion proof, or the bundle version requires one it lacks. */
  TLOG_PROOF_MISSING,
  /** The signed entry timestamp (inclusion promise) does not verify with the log's key. */
  SET_INVALID,
  /** The inclusion proof does not lead to its root hash. */
  INCLUSION_PROOF_INVALID,
  /** The checkpoint is malformed, for another root, or not signed by the log. */
  CHECKPOINT_INVALID,
  /** The log entry is for another signature, key, certificate or payload. */
  TLOG_ENTRY_MISMATCH,
  /** An RFC 3161 timestamp does not parse, does not verify, or covers another signature. */
  TIMESTAMP_INVALID,
  /** An RFC 3161 timestamp is not signed by a timestamp authority of the trusted root. */
  TIMESTAMP_UNTRUSTED,
  /** No trusted signing time: no verified SET and no verified timestamp where one is needed. */
  NO_TRUSTED_TIME,
  /** A key or signature algorithm this verifier does not support for that input. */
  UNSUPPORTED_ALGORITHM,
  /** An unexpected error while verifying: refused, fail closed. */
  INTERNAL_ERROR
}
