package dev.trustmirror.tuf;

/** A file whose hash differs from the one its referring role lists. */
public final class HashMismatchException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  private final String algorithm;
  private final String expected;
  private final String found;

  public HashMismatchException(String path, String algorithm, String expected, String found) {
    super(path, "Refused " + path + ": " + algorithm + " is " + found + ", expected " + expected);
    this.algorithm = algorithm;
    this.expected = expected;
    this.found = found;
  }

  public String algorithm() {
    return algorithm;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }

  @Override
  public String reason() {
    return "HashMismatch";
  }
}
