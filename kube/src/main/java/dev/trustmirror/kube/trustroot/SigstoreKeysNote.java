package dev.trustmirror.kube.trustroot;

/**
 * Something the {@code spec.sigstoreKeys} form cannot say that {@code trusted_root.json} says: the
 * resource is still written, and callers show the note to the operator.
 *
 * @param kind what was lost or may not be accepted
 * @param entry the entry of the resource it concerns, e.g. {@code certificateAuthorities[0]}
 * @param detail a sentence for humans: what {@code trusted_root.json} says and what happens instead
 */
public record SigstoreKeysNote(Kind kind, String entry, String detail) {

  /** What kind of difference a note reports. */
  public enum Kind {
    /**
     * The entry's {@code validFor} ends: {@code spec.sigstoreKeys} has no validity window, and
     * policy-controller treats the entry as valid from 1970 on, with no end.
     */
    VALIDITY_END_DROPPED,
    /**
     * A transparency log's key is not ECDSA (e.g. Ed25519 for Rekor v2): the policy-controller
     * reconciler reviewed for ADR 0010 refuses such keys in {@code tLogs}.
     */
    NON_ECDSA_LOG_KEY
  }
}
