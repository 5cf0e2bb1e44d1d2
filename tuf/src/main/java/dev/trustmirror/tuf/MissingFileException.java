package dev.trustmirror.tuf;

/** The source lacks a file that verified metadata says must exist. */
public final class MissingFileException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public MissingFileException(String role, String path) {
    super(role, "Refused " + role + ": the source has no " + path);
    this.path = path;
  }

  public String path() {
    return path;
  }

  @Override
  public String reason() {
    return "MissingFile";
  }
}
