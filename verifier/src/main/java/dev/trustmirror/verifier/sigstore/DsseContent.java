package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.text.UntrustedText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * A bundle's DSSE envelope holding an in-toto statement: the signature covers the envelope's
 * pre-authentication encoding (PAE), and one subject of the statement must carry the image digest.
 */
final class DsseContent implements SignedContent {
  /** The only payload type accepted. */
  static final String IN_TOTO = "application/vnd.in-toto+json";

  private static final StrictJson JSON = new StrictJson(Part.IN_TOTO_STATEMENT);

  private final SigstoreBundle.DsseEnvelope envelope;

  DsseContent(SigstoreBundle.DsseEnvelope envelope) {
    this.envelope = envelope;
  }

  @Override
  public boolean verifiedBy(PublicKey key, byte[] signature) {
    return Signatures.verify(key, pae(envelope.payloadType(), envelope.payload()), signature);
  }

  @Override
  public void checkClaims(Digest image) throws Refusal {
    if (!envelope.payloadType().equals(IN_TOTO)) {
      throw new Refusal(
          RefusalCode.PAYLOAD_WRONG_TYPE,
          "the DSSE payload type is '"
              + UntrustedText.of(envelope.payloadType())
              + "', not '"
              + IN_TOTO
              + "'");
    }
    try {
      JsonNode statement = JSON.readObject(envelope.payload());
      String type = JSON.text(statement, "_type", "_type");
      if (!type.startsWith("https://in-toto.io/Statement/")) {
        throw new Refusal(
            RefusalCode.PAYLOAD_WRONG_TYPE,
            "the DSSE payload is a '" + UntrustedText.of(type) + "', not an in-toto statement");
      }
      for (JsonNode subject : JSON.array(statement, "subject", "subject")) {
        JsonNode digest = subject.path("digest").path(image.algorithm().prefix());
        if (digest.isTextual() && digest.textValue().equalsIgnoreCase(image.hex())) {
          return;
        }
      }
    } catch (MalformedSignatureException e) {
      throw new Refusal(RefusalCode.MALFORMED_BUNDLE, e.getMessage());
    }
    throw new Refusal(
        RefusalCode.PAYLOAD_DIGEST_MISMATCH,
        "no subject of the in-toto statement has the digest " + image);
  }

  @Override
  public TlogEntryMatch.Expected expectedEntry(byte[] signature) {
    return new TlogEntryMatch.Dsse(envelope.payload(), signature);
  }

  /**
   * DSSE v1 pre-authentication encoding: {@code DSSEv1 SP len(type) SP type SP len(body) SP body}.
   */
  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
