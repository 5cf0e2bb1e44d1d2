package dev.trustmirror.testkit.sigstore;

/** What a {@link TestFulcio} leaf carries as its embedded SCT list. */
public enum SctMode {
  /** One valid SCT from the Fulcio's own CT log, over the precertificate (the real case). */
  EMBEDDED,
  /** No SCT extension at all. */
  NONE,
  /** A well-formed SCT from a CT log that no trusted root knows. */
  UNKNOWN_LOG,
  /**
   * An SCT from the right log whose signature covers other bytes (the TBS with the poison extension
   * left in), so the signature check fails.
   */
  INVALID_SIGNATURE
}
