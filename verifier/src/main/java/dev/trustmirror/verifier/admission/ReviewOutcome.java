package dev.trustmirror.verifier.admission;

/** What the webhook answered, for metrics and logs. */
public enum ReviewOutcome {
  /** Admitted without warnings. */
  ALLOWED,
  /** Admitted with warnings (Warn policies failed). */
  WARNED,
  /** Denied by a Block policy. */
  DENIED,
  /** Denied because the review or its object could not be read, or is of an unknown kind. */
  REJECTED,
  /** Denied because of an unexpected error in the webhook (fail closed). */
  FAILED,
  /** Not an AdmissionReview that can be answered: HTTP 400. */
  BAD_REQUEST,
  /** DELETE or CONNECT: admitted without checks. */
  SKIPPED
}
