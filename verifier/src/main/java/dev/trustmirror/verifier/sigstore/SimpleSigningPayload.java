package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.InvalidDigestException;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of cosign's simple-signing payload (the blob of a signature layer): {@code
 * critical.image.docker-manifest-digest}, {@code critical.type} and {@code
 * critical.identity.docker-reference}. Parsed only; whether the digest and type are the right ones
 * is for the verifier to judge ({@link RefusalCode#PAYLOAD_DIGEST_MISMATCH}, {@link
 * RefusalCode#PAYLOAD_WRONG_TYPE}).
 */
public final class SimpleSigningPayload {
  /** The {@code critical.type} cosign writes. */
  public static final String COSIGN_TYPE = "cosign container image signature";

  private static final StrictJson JSON = new StrictJson(Part.PAYLOAD);

  private final Digest manifestDigest;
  private final String type;
  private final Optional<String> dockerReference;

  private SimpleSigningPayload(Digest manifestDigest, String type, Optional<String> reference) {
    this.manifestDigest = manifestDigest;
    this.type = type;
    this.dockerReference = reference;
  }

  /**
   * Parses the payload bytes (the exact bytes that were signed).
   *
   * @throws MalformedSignatureException ({@link Part#PAYLOAD}) when it is not JSON, a member is
   *     missing or of the wrong type, or the digest is malformed
   */
  public static SimpleSigningPayload parse(byte[] payload) throws MalformedSignatureException {
    Objects.requireNonNull(payload, "payload");
    JsonNode root = JSON.readObject(payload);
    JsonNode critical = JSON.object(root, "critical", "critical");
    JsonNode image = JSON.object(critical, "image", "critical.image");
    String digestText =
        JSON.text(image, "docker-manifest-digest", "critical.image.docker-manifest-digest");
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (InvalidDigestException e) {
      throw new MalformedSignatureException(
          Part.PAYLOAD,
          Rule.INVALID_DIGEST,
          "critical.image.docker-manifest-digest",
          "'" + UntrustedText.of(digestText) + "' is not a digest (" + e.rule() + ")",
          e);
    }
    String type = JSON.text(critical, "type", "critical.type");
    Optional<String> reference = Optional.empty();
    Optional<JsonNode> identity = JSON.optionalObject(critical, "identity", "critical.identity");
    if (identity.isPresent()) {
      reference =
          JSON.optionalText(
              identity.get(), "docker-reference", "critical.identity.docker-reference");
    }
    return new SimpleSigningPayload(digest, type, reference);
  }

  /** {@code critical.image.docker-manifest-digest}: the image the signature is for. */
  public Digest manifestDigest() {
    return manifestDigest;
  }

  /** {@code critical.type}. */
  public String type() {
    return type;
  }

  /** {@code critical.identity.docker-reference}, the repository the image was signed under. */
  public Optional<String> dockerReference() {
    return dockerReference;
  }
}
