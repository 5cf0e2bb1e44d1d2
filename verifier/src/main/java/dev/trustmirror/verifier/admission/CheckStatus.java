package dev.trustmirror.verifier.admission;

/**
 * How checking one image against one policy ended. Everything but {@link #VERIFIED} fails the
 * policy: the image is denied under Block and admitted with a warning under Warn. The statuses keep
 * security refusals apart from transport failures ({@link #isUnavailability()}), so that an
 * operator can tell "the registry is down" from "this image is not signed".
 */
public enum CheckStatus {
  /** A signature verified with one of the policy's authorities. */
  VERIFIED("verified"),
  /** No signature verified: the verdict's reasons say why. */
  NOT_VERIFIED("not verified"),
  /** The policy is not valid (its status condition says why). */
  POLICY_INVALID("policy not valid"),
  /** The policy's trust root is not loaded (missing TrustRoot, or none that verified). */
  TRUST_ROOT_MISSING("trust root missing"),
  /** A key the policy keeps in a Secret is missing or not a public key. */
  KEY_UNAVAILABLE("key unavailable"),
  /** The image reference does not parse, so no policy can be checked against it. */
  IMAGE_UNREADABLE("image reference not readable"),
  /** The registry refused: unknown tag or digest, rejected credentials, bad content. */
  REGISTRY_REFUSED("registry refused"),
  /** The checker returned a verdict for another digest than the one asked for. */
  DIGEST_MISMATCH("digest mismatch"),
  /** The registry could not be reached, or answered 5xx. */
  REGISTRY_UNAVAILABLE("registry unavailable"),
  /** The review's time budget ran out before the check finished. */
  TIMEOUT("timed out"),
  /** An unexpected error (or the webhook was overloaded). */
  ERROR("internal error");

  private final String description;

  CheckStatus(String description) {
    this.description = description;
  }

  /** A few words for messages ({@code registry unavailable}). */
  public String description() {
    return description;
  }

  /** Whether this says "could not check" rather than "checked and refused". */
  public boolean isUnavailability() {
    return this == REGISTRY_UNAVAILABLE || this == TIMEOUT || this == ERROR;
  }
}
