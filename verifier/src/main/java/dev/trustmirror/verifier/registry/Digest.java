package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest as the OCI distribution API writes it: {@code sha256:<64 hex>} or {@code
 * sha512:<128 hex>}, lowercase. Made only by {@link #parse} or by hashing ({@link #of}), so a
 * {@code Digest} is always well formed. Manifests and blobs are addressed by it and every byte read
 * from a registry is checked against it.
 */
public final class Digest {
  /** The hash algorithms a digest may use. */
  public enum Algorithm {
    /** SHA-256, the algorithm of every digest in practice. */
    SHA256("sha256", "SHA-256", 64),
    /** SHA-512, allowed by the OCI image specification. */
    SHA512("sha512", "SHA-512", 128);

    private final String prefix;
    private final String jdkName;
    private final int hexLength;

    Algorithm(String prefix, String jdkName, int hexLength) {
      this.prefix = prefix;
      this.jdkName = jdkName;
      this.hexLength = hexLength;
    }

    /** The name in a digest string: {@code sha256}. */
    public String prefix() {
      return prefix;
    }

    /** The number of hex characters of a digest of this algorithm. */
    public int hexLength() {
      return hexLength;
    }

    /** A fresh {@link MessageDigest} for this algorithm. */
    public MessageDigest newMessageDigest() {
      try {
        return MessageDigest.getInstance(jdkName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("The JDK lacks " + jdkName, e);
      }
    }
  }

  private final Algorithm algorithm;
  private final String hex;

  private Digest(Algorithm algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /**
   * Parses {@code sha256:<hex>} or {@code sha512:<hex>}.
   *
   * @throws InvalidDigestException when the algorithm is missing or unsupported, or the hex part
   *     has the wrong length or a character other than lowercase hex
   */
  public static Digest parse(String text) throws InvalidDigestException {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidDigestException(
          InvalidDigestException.Rule.MISSING_ALGORITHM,
          text,
          "it does not start with an algorithm and ':' (sha256:...)");
    }
    String name = text.substring(0, colon);
    Algorithm algorithm = null;
    for (Algorithm candidate : Algorithm.values()) {
      if (candidate.prefix.equals(name)) {
        algorithm = candidate;
      }
    }
    if (algorithm == null) {
      throw new InvalidDigestException(
          InvalidDigestException.Rule.UNSUPPORTED_ALGORITHM,
          text,
          "the algorithm '" + UntrustedText.of(name) + "' is not sha256 or sha512");
    }
    String hex = text.substring(colon + 1);
    if (hex.length() != algorithm.hexLength) {
      throw new InvalidDigestException(
          InvalidDigestException.Rule.WRONG_LENGTH,
          text,
          "a "
              + name
              + " digest has "
              + algorithm.hexLength
              + " hex characters, not "
              + hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new InvalidDigestException(
            InvalidDigestException.Rule.INVALID_HEX,
            text,
            "character " + (i + 1) + " of the hex part is not lowercase hex (0-9, a-f)");
      }
    }
    return new Digest(algorithm, hex);
  }

  /** The digest of {@code content} with {@code algorithm}. */
  public static Digest of(Algorithm algorithm, byte[] content) {
    return fromHash(algorithm, algorithm.newMessageDigest().digest(content));
  }

  /** The SHA-256 digest of {@code content}. */
  public static Digest sha256(byte[] content) {
    return of(Algorithm.SHA256, content);
  }

  /**
   * The digest whose hash value is {@code hash} (the output of {@link Algorithm#newMessageDigest}).
   */
  static Digest fromHash(Algorithm algorithm, byte[] hash) {
    if (hash.length * 2 != algorithm.hexLength) {
      throw new IllegalArgumentException(
          "A " + algorithm.prefix + " hash has " + algorithm.hexLength / 2 + " bytes");
    }
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  /** The hash algorithm. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The lowercase hex part. */
  public String hex() {
    return hex;
  }

  /** Whether {@code content} hashes to this digest. */
  public boolean matches(byte[] content) {
    return equals(of(algorithm, content));
  }

  /**
   * The tag of the OCI 1.1 referrers tag schema: {@code <alg>-<hex>}, the algorithm cut to 32 and
   * the hex part to 64 characters (OCI distribution specification, "Referrers Tag Schema").
   */
  public String referrersTagName() {
    String alg =
        algorithm.prefix.length() > 32 ? algorithm.prefix.substring(0, 32) : algorithm.prefix;
    return alg + "-" + (hex.length() > 64 ? hex.substring(0, 64) : hex);
  }

  /** {@code sha256:<hex>}. */
  @Override
  public String toString() {
    return algorithm.prefix + ":" + hex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest other && algorithm == other.algorithm && hex.equals(other.hex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, hex);
  }
}
