package dev.trustmirror.verifier.registry;

import java.util.Objects;

/**
 * Content whose digest is not the one asked for, or a {@code Docker-Content-Digest} header that
 * contradicts the content or the request. The content is not used.
 */
public final class DigestMismatchException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** Which check found the mismatch. */
  public enum Source {
    /** The bytes received do not hash to the digest asked for. */
    CONTENT,
    /** The registry's {@code Docker-Content-Digest} header names another digest. */
    HEADER
  }

  private final Source source;
  private final Digest expected;
  private final Digest found;

  DigestMismatchException(String location, Source source, Digest expected, Digest found) {
    super(
        location,
        "Refused the content of "
            + location
            + " because "
            + (source == Source.CONTENT
                ? "its bytes hash to " + found + ", expected " + expected
                : "the registry's Docker-Content-Digest header says "
                    + found
                    + ", expected "
                    + expected),
        null);
    this.source = Objects.requireNonNull(source);
    this.expected = expected;
    this.found = found;
  }

  /** Which check found the mismatch. */
  public Source source() {
    return source;
  }

  /** The digest asked for (or computed, when the header disagrees with the bytes). */
  public Digest expected() {
    return expected;
  }

  /** The digest found. */
  public Digest found() {
    return found;
  }

  @Override
  public String reason() {
    return "DigestMismatch";
  }
}
