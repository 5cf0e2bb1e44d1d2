package dev.trustmirror.verifier.webhook;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The webhook's TLS certificate and private key files cannot be served: unreadable, not PEM, no
 * certificate, no usable key, or a key that does not belong to the certificate. At start the server
 * does not listen; on a reload the previous pair stays in use. Tests assert {@link #problem()} and
 * {@link #file()}, never the message.
 */
public final class CertificatePairException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the pair. */
  public enum Problem {
    /** A file cannot be read. */
    UNREADABLE,
    /** The certificate file holds no X.509 certificate, or one that does not decode. */
    NO_CERTIFICATE,
    /** The key file holds no private key the server can use (absent, encrypted, not decodable). */
    NO_KEY,
    /** The private key is not the key of the (first) certificate. */
    KEY_MISMATCH
  }

  private final Problem problem;
  private final transient Path file;

  CertificatePairException(Problem problem, Path file, String why, Throwable cause) {
    super(
        "Tried to load the TLS certificate pair from " + file + " but failed because " + why,
        cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.file = Objects.requireNonNull(file, "file");
  }

  /** What is wrong. */
  public Problem problem() {
    return problem;
  }

  /** The file at fault (the key file for {@link Problem#KEY_MISMATCH}). */
  public Path file() {
    return file;
  }
}
