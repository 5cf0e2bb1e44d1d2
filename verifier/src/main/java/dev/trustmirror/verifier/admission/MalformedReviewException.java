package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;
import java.util.Optional;

/**
 * An AdmissionReview the webhook cannot decide on: too large, not JSON, not an {@code
 * admission.k8s.io/v1} AdmissionReview, or a request or object that breaks the shape the API server
 * sends. With a {@link #uid()} the webhook answers it (denied, code 400); without one it cannot
 * (HTTP 400, and the API server applies the webhook's {@code failurePolicy}). Tests assert {@link
 * #rule()} and {@link #field()}, never the message.
 */
public final class MalformedReviewException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which rule the review broke. */
  public enum Rule {
    /** The body is larger than the webhook accepts. */
    TOO_LARGE,
    /** The body is not one JSON document (syntax, duplicate member, too deep, trailing data). */
    NOT_JSON,
    /** The body is not an {@code admission.k8s.io/v1} AdmissionReview with a request uid. */
    NOT_ADMISSION_REVIEW,
    /** A member the request needs is absent. */
    MISSING,
    /** A member has the wrong JSON type. */
    WRONG_TYPE,
    /** A member has a value outside its set (an unknown operation). */
    INVALID_VALUE,
    /** The object under review does not have the shape of its kind. */
    MALFORMED_OBJECT,
    /** The object runs more images than the webhook checks in one review. */
    TOO_MANY_IMAGES
  }

  private final Rule rule;
  private final String field;
  private final String uid;

  MalformedReviewException(Rule rule, String field, Optional<String> uid, String why) {
    super(
        "Tried to read the AdmissionReview but failed because "
            + (field.isEmpty() ? "the body" : UntrustedText.of(field))
            + " "
            + why);
    this.rule = Objects.requireNonNull(rule, "rule");
    this.field = Objects.requireNonNull(field, "field");
    this.uid = uid.orElse(null);
  }

  /** The rule the review broke. */
  public Rule rule() {
    return rule;
  }

  /** Where: {@code request.object.spec.containers[0].image}; empty for the whole body. */
  public String field() {
    return field;
  }

  /** The request's uid, when it was read before the failure. */
  public Optional<String> uid() {
    return Optional.ofNullable(uid);
  }

  /** Whether an AdmissionReview response can answer it (a uid is known and it is a review). */
  public boolean answerable() {
    return uid != null && rule != Rule.NOT_ADMISSION_REVIEW;
  }
}
