package dev.trustmirror.verifier.trust;

import dev.sigstore.trustroot.SigstoreConfigurationException;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A parsed Sigstore {@code trusted_root.json} together with its exact bytes and its identity. The
 * model is sigstore-java's {@link SigstoreTrustedRoot} (CAs, transparency logs, CT logs, TSAs, each
 * with its validity period); verification builds its lookup tables from it.
 *
 * <p>Made only by {@link #parse} (or {@link TrustedRootLoader}), so holding one means the document
 * parsed. Whether it was <em>authentic</em> depends on where the bytes came from: a verified TUF
 * repository or a file the operator chose.
 */
public final class TrustedRoot {
  /** Largest document accepted: 4 MiB. The real one is about 7 KiB. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private final byte[] bytes;
  private final SigstoreTrustedRoot model;
  private final String identity;
  private final String origin;

  private TrustedRoot(byte[] bytes, SigstoreTrustedRoot model, String origin) {
    this.bytes = bytes;
    this.model = model;
    this.identity = "sha256:" + sha256(bytes);
    this.origin = origin;
  }

  /**
   * Parses {@code trusted_root.json}.
   *
   * @param origin where the bytes came from, for messages and {@link #origin()}
   * @throws TrustedRootRefusedException when too large, malformed, or empty
   */
  public static TrustedRoot parse(byte[] json, String origin) throws TrustedRootRefusedException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(origin, "origin");
    if (json.length > MAX_BYTES) {
      throw new TrustedRootRefusedException(
          TrustedRootRefusedException.Rule.TOO_LARGE,
          origin,
          "it has " + json.length + " bytes, more than the " + MAX_BYTES + " accepted",
          null);
    }
    SigstoreTrustedRoot model;
    try {
      model = SigstoreTrustedRoot.from(new ByteArrayInputStream(json));
    } catch (SigstoreConfigurationException | RuntimeException e) {
      // sigstore-java wraps most errors, but protobuf and certificate decoding can throw unchecked
      throw new TrustedRootRefusedException(
          TrustedRootRefusedException.Rule.MALFORMED,
          origin,
          "it is not a Sigstore trusted root (" + e.getMessage() + ")",
          e);
    }
    if (model.getCAs().isEmpty() && model.getTLogs().isEmpty()) {
      throw new TrustedRootRefusedException(
          TrustedRootRefusedException.Rule.EMPTY,
          origin,
          "it lists neither a certificate authority nor a transparency log",
          null);
    }
    return new TrustedRoot(json.clone(), model, origin);
  }

  /** sigstore-java's model of the document. */
  public SigstoreTrustedRoot sigstore() {
    return model;
  }

  /**
   * {@code sha256:<hex>} of the exact bytes: equal for equal documents wherever they came from,
   * different after any rotation. Keys the verdict cache.
   */
  public String identity() {
    return identity;
  }

  /** Where the document came from (a file path, or a repository and target name). */
  public String origin() {
    return origin;
  }

  /** A copy of the exact bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "TrustedRoot[" + identity + " from " + origin + "]";
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
