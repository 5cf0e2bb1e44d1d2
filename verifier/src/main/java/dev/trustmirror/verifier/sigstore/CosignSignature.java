package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A cosign signature layer, parsed: the exact payload bytes and their claims, the signature, and
 * the verification material the annotations carry (certificate and chain, Rekor entry with SET, RFC
 * 3161 timestamp). Parsing checks form only; {@link SignatureVerifier} checks meaning.
 */
public final class CosignSignature {
  private static final StrictJson BUNDLE_JSON = new StrictJson(Part.REKOR_BUNDLE);
  private static final StrictJson TIMESTAMP_JSON = new StrictJson(Part.TIMESTAMP);

  private final byte[] payloadBytes;
  private final SimpleSigningPayload payload;
  private final byte[] signature;
  private final Optional<X509Certificate> certificate;
  private final List<X509Certificate> chain;
  private final Optional<TransparencyLogEntry> rekorEntry;
  private final Optional<byte[]> rfc3161Timestamp;

  private CosignSignature(
      byte[] payloadBytes,
      SimpleSigningPayload payload,
      byte[] signature,
      Optional<X509Certificate> certificate,
      List<X509Certificate> chain,
      Optional<TransparencyLogEntry> rekorEntry,
      Optional<byte[]> rfc3161Timestamp) {
    this.payloadBytes = payloadBytes;
    this.payload = payload;
    this.signature = signature;
    this.certificate = certificate;
    this.chain = List.copyOf(chain);
    this.rekorEntry = rekorEntry;
    this.rfc3161Timestamp = rfc3161Timestamp;
  }

  /**
   * Parses a layer. The signature annotation and the payload are required; the others are optional
   * but, when present, must be well formed.
   *
   * @throws MalformedSignatureException naming the part, rule and member that failed
   */
  public static CosignSignature parse(CosignLayer layer) throws MalformedSignatureException {
    byte[] payloadBytes = layer.payload();
    var annotations = layer.annotations();
    String signatureText = annotations.get(CosignLayer.SIGNATURE);
    if (signatureText == null) {
      throw new MalformedSignatureException(
          Part.SIGNATURE, Rule.MISSING, CosignLayer.SIGNATURE, "the layer has no such annotation");
    }
    byte[] signature =
        new StrictJson(Part.SIGNATURE).base64(signatureText.strip(), CosignLayer.SIGNATURE);
    SimpleSigningPayload payload = SimpleSigningPayload.parse(payloadBytes);
    Optional<X509Certificate> certificate = Optional.empty();
    String certificateText = annotations.get(CosignLayer.CERTIFICATE);
    if (certificateText != null && !certificateText.isEmpty()) {
      List<X509Certificate> certificates =
          Pem.certificates(certificateText, Part.CERTIFICATE, CosignLayer.CERTIFICATE);
      if (certificates.size() != 1) {
        throw new MalformedSignatureException(
            Part.CERTIFICATE,
            Rule.INVALID_VALUE,
            CosignLayer.CERTIFICATE,
            "it holds " + certificates.size() + " certificates, not one");
      }
      certificate = Optional.of(certificates.get(0));
    }
    List<X509Certificate> chain = List.of();
    String chainText = annotations.get(CosignLayer.CHAIN);
    if (chainText != null && !chainText.isEmpty()) {
      chain = Pem.certificates(chainText, Part.CHAIN, CosignLayer.CHAIN);
    }
    Optional<TransparencyLogEntry> entry = Optional.empty();
    String bundleText = annotations.get(CosignLayer.BUNDLE);
    if (bundleText != null) {
      entry = Optional.of(parseRekorBundle(bundleText));
    }
    Optional<byte[]> timestamp = Optional.empty();
    String timestampText = annotations.get(CosignLayer.RFC3161_TIMESTAMP);
    if (timestampText != null) {
      JsonNode json = TIMESTAMP_JSON.readObject(timestampText.getBytes(StandardCharsets.UTF_8));
      timestamp =
          Optional.of(
              TIMESTAMP_JSON.base64(
                  TIMESTAMP_JSON.text(json, "SignedRFC3161Timestamp", "SignedRFC3161Timestamp"),
                  "SignedRFC3161Timestamp"));
    }
    return new CosignSignature(
        payloadBytes, payload, signature, certificate, chain, entry, timestamp);
  }

  /**
   * cosign's bundle annotation: {@code {"SignedEntryTimestamp": base64, "Payload": {"body": base64,
   * "integratedTime": n, "logIndex": n, "logID": hex}}}.
   */
  static TransparencyLogEntry parseRekorBundle(String text) throws MalformedSignatureException {
    JsonNode json = BUNDLE_JSON.readObject(text.getBytes(StandardCharsets.UTF_8));
    byte[] set =
        BUNDLE_JSON.base64(
            BUNDLE_JSON.text(json, "SignedEntryTimestamp", "SignedEntryTimestamp"),
            "SignedEntryTimestamp");
    JsonNode entry = BUNDLE_JSON.object(json, "Payload", "Payload");
    byte[] body =
        BUNDLE_JSON.base64(BUNDLE_JSON.text(entry, "body", "Payload.body"), "Payload.body");
    long integratedTime =
        BUNDLE_JSON.nonNegative(entry, "integratedTime", "Payload.integratedTime");
    long logIndex = BUNDLE_JSON.nonNegative(entry, "logIndex", "Payload.logIndex");
    byte[] logId =
        BUNDLE_JSON.hex(BUNDLE_JSON.text(entry, "logID", "Payload.logID"), 32, "Payload.logID");
    return new TransparencyLogEntry(
        logIndex, logId, integratedTime, body, Optional.of(set), Optional.empty());
  }

  /** The exact payload bytes the signature covers. */
  public byte[] payloadBytes() {
    return payloadBytes.clone();
  }

  /** The payload's claims. */
  public SimpleSigningPayload payload() {
    return payload;
  }

  /** The signature over {@link #payloadBytes()}. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The signing certificate (keyless signatures). */
  public Optional<X509Certificate> certificate() {
    return certificate;
  }

  /** The chain annotation (intermediates and root), informational: the trusted root decides. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The Rekor entry with its SET, from the bundle annotation. */
  public Optional<TransparencyLogEntry> rekorEntry() {
    return rekorEntry;
  }

  /** The DER of the RFC 3161 timestamp response over the signature. */
  public Optional<byte[]> rfc3161Timestamp() {
    return rfc3161Timestamp.map(byte[]::clone);
  }
}
