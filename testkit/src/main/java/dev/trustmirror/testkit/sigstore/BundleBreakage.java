package dev.trustmirror.testkit.sigstore;

/**
 * Ways a Sigstore bundle can be wrong, each a refusal a verifier must produce. Everything not named
 * stays correct.
 */
public enum BundleBreakage {
  /** Nothing is wrong. */
  NONE,
  /** The bundle is a correct one for another image digest. */
  DIGEST_MISMATCH,
  /** The signature is valid but over other bytes; the log entry holds that signature. */
  SIGNATURE_OVER_OTHER_BYTES,
  /** One hash of the inclusion proof's audit path is altered. */
  BAD_INCLUSION_PROOF,
  /** The checkpoint (same origin, name and key hint) is signed by another key. */
  BAD_CHECKPOINT_SIGNATURE,
  /** The checkpoint commits to another root hash than the inclusion proof's. */
  CHECKPOINT_ROOT_MISMATCH,
  /** Entry, promise and proof come from a log that is not in the trusted root. */
  SET_BY_UNKNOWN_LOG,
  /** The inclusion promise (SET) is signed by another key than the log's. */
  BAD_SET,
  /** The log entry (correctly promised and proven) is for another signature by the same signer. */
  ENTRY_FOR_OTHER_SIGNATURE,
  /** The RFC 3161 timestamp covers another signature. */
  TIMESTAMP_FOR_OTHER_SIGNATURE
}
