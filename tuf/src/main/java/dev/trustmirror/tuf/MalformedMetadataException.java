package dev.trustmirror.tuf;

/** Metadata that is not valid JSON or lacks a field the TUF specification requires. */
public final class MalformedMetadataException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public MalformedMetadataException(String path, String problem) {
    super(path, "Refused " + path + ": " + problem);
    this.path = path;
  }

  public String path() {
    return path;
  }

  @Override
  public String reason() {
    return "Malformed";
  }
}
