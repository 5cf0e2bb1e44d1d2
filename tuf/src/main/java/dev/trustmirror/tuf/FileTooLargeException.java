package dev.trustmirror.tuf;

/** A file longer than the maximum download size for it (endless-data attack). */
public final class FileTooLargeException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  public FileTooLargeException(String path, long limit) {
    super(path, "Refused " + path + ": it is longer than the limit of " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }

  @Override
  public String reason() {
    return "FileTooLarge";
  }
}
