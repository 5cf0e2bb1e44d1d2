package dev.trustmirror.testkit.sigstore;

/**
 * Ways a cosign signature layer can be wrong, each a refusal a verifier must produce. Everything
 * not named stays correct, so the named fault is the only one.
 */
public enum CosignBreakage {
  /** Nothing is wrong. */
  NONE,
  /**
   * The payload names another image digest, and is signed and logged correctly: a signature copied
   * from another image.
   */
  PAYLOAD_DIGEST_MISMATCH,
  /** The payload's {@code critical.type} is not cosign's, signed and logged correctly. */
  WRONG_TYPE,
  /** The payload was changed after it was signed and logged. */
  TAMPERED_PAYLOAD,
  /**
   * The signature is valid but over other bytes; the Rekor entry is logged for the layer's payload
   * digest with that signature.
   */
  SIGNATURE_OVER_OTHER_BYTES,
  /** The Rekor entry and SET come from a log that is not in the trusted root. */
  SET_BY_UNKNOWN_LOG,
  /** The SET was signed by another key than the log's (the log ID is the trusted one). */
  BAD_SET,
  /** The Rekor entry (with a valid SET) is for another signature by the same signer. */
  ENTRY_FOR_OTHER_SIGNATURE,
  /** The RFC 3161 timestamp covers another signature. */
  TIMESTAMP_FOR_OTHER_SIGNATURE,
  /** The RFC 3161 timestamp comes from a TSA that is not in the trusted root. */
  TIMESTAMP_BY_UNKNOWN_TSA
}
