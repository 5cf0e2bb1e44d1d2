package dev.trustmirror.verifier.admission;

/** What a check, an image or a review comes to. */
public enum Effect {
  /** Admitted without remark. */
  ALLOW,
  /** Admitted with warnings (a Warn policy failed). */
  WARN,
  /** Denied (a Block policy failed). */
  DENY;

  /** The stronger of two effects: DENY over WARN over ALLOW. */
  Effect and(Effect other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
