package dev.trustmirror.verifier.sigstore;

/** Where a verdict's signing time came from. */
public enum TimeSource {
  /** The integrated time of a transparency-log entry whose SET verified. */
  TLOG,
  /** The generation time of an RFC 3161 timestamp that verified against a trusted TSA. */
  TSA,
  /** The verifier's clock: no trusted time was available (or needed). */
  NOW
}
