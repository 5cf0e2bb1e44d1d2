package dev.trustmirror.testkit.sigstore;

/** A signature file or annotation that {@link SignatureLayer} cannot read. */
public final class MalformedSignatureException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Reason {
    /** The file does not start with {@code \0sigstore-json\n}. */
    MISSING_PREFIX,
    /** The rest is not a JSON object. */
    INVALID_JSON,
    /** A required member is missing or has the wrong JSON type. */
    MISSING_FIELD,
    /** A base64 member does not decode. */
    INVALID_BASE64
  }

  private final Reason reason;
  private final String field;

  MalformedSignatureException(Reason reason, String field, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.field = field;
  }

  /** What is wrong. */
  public Reason reason() {
    return reason;
  }

  /** The member concerned, or {@code ""} for the whole file. */
  public String field() {
    return field;
  }
}
