package dev.trustmirror.verifier.registry;

/**
 * A manifest, blob, token or other response longer than its limit (announced or counted while
 * reading; the download is cut as soon as the limit is passed).
 */
public final class ContentTooLargeException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;
  private final long limit;

  ContentTooLargeException(String location, String what, long limit) {
    super(
        location,
        "Tried to read "
            + what
            + " from "
            + location
            + " but refused it because it is longer than the limit of "
            + limit
            + " bytes",
        null);
    this.limit = limit;
  }

  /** The limit that was passed, in bytes. */
  public long limit() {
    return limit;
  }

  @Override
  public String reason() {
    return "ContentTooLarge";
  }
}
