package dev.trustmirror.tuf;

/** A file whose length differs from the one its referring role lists. */
public final class LengthMismatchException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final long expected;
  private final long found;

  public LengthMismatchException(String path, long expected, long found) {
    super(path, "Refused " + path + ": length is " + found + " bytes, expected " + expected);
    this.expected = expected;
    this.found = found;
  }

  public long expected() {
    return expected;
  }

  public long found() {
    return found;
  }

  @Override
  public String reason() {
    return "LengthMismatch";
  }
}
