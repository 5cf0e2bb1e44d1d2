package dev.trustmirror.verifier.registry;

import java.util.Objects;

/**
 * A tag: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}} (docker reference grammar). Made only by {@link
 * #parse} and the factories below.
 */
public final class Tag {
  /** The tag a reference without tag and digest means. */
  public static final Tag LATEST = new Tag("latest");

  private static final int MAX_LENGTH = 128;

  private final String name;

  private Tag(String name) {
    this.name = name;
  }

  /**
   * Parses a tag.
   *
   * @throws InvalidReferenceException with rule {@code INVALID_TAG} when it breaks the grammar
   */
  public static Tag parse(String name) throws InvalidReferenceException {
    Objects.requireNonNull(name, "name");
    if (!isValid(name)) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.INVALID_TAG,
          name,
          "a tag is 1 to 128 characters of [A-Za-z0-9_.-] and does not start with '.' or '-'");
    }
    return new Tag(name);
  }

  /**
   * The tag of the OCI 1.1 referrers tag schema for {@code subject}: {@code sha256-<hex>}, an index
   * listing the artifacts that refer to {@code subject} on registries without the referrers API.
   */
  public static Tag referrersFallback(Digest subject) {
    return new Tag(subject.referrersTagName());
  }

  /**
   * cosign's signature tag for {@code image}: {@code sha256-<hex>.sig}.
   *
   * @throws IllegalArgumentException for a sha512 digest, whose tag would exceed 128 characters
   *     (cosign signs sha256 digests only)
   */
  public static Tag cosignSignature(Digest image) {
    if (image.algorithm() != Digest.Algorithm.SHA256) {
      throw new IllegalArgumentException(
          "cosign signature tags exist only for sha256 digests, not " + image);
    }
    return new Tag(image.algorithm().prefix() + "-" + image.hex() + ".sig");
  }

  static boolean isValid(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean word =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!word && (i == 0 || (c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** The tag as written. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tag other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
