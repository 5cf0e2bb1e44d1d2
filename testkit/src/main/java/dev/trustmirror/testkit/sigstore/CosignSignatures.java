package dev.trustmirror.testkit.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Produces cosign signature layers in cosign's exact formats with the services of one {@link
 * SigstoreFixtures}: key-based (any {@link KeyAlgorithm}), keyless with a Rekor SET, keyless
 * without a transparency log with or without an RFC 3161 timestamp, and each {@link
 * CosignBreakage}. Start from {@link #request(SignedImage)} or use the shortcuts.
 */
public final class CosignSignatures {

  private final SigstoreFixtures fixtures;

  CosignSignatures(SigstoreFixtures fixtures) {
    this.fixtures = fixtures;
  }

  /**
   * A request to sign {@code image}: choose a key or certificate, then {@link
   * CosignRequest#sign()}.
   */
  public CosignRequest request(SignedImage image) {
    return new CosignRequest(
        this, image, Optional.empty(), Optional.empty(), false, false, CosignBreakage.NONE);
  }

  /** {@code cosign sign --key} with {@code --tlog-upload=false}: signature annotation only. */
  public SignatureLayer keyBased(SignedImage image, SigningKey key) {
    return request(image).key(key).sign();
  }

  /** {@code cosign sign --key} with a Rekor entry for the public key and its SET. */
  public SignatureLayer keyBasedWithTlog(SignedImage image, SigningKey key) {
    return request(image).key(key).transparencyLog(true).sign();
  }

  /** Keyless {@code cosign sign}: certificate, chain and Rekor SET. */
  public SignatureLayer keyless(SignedImage image, FulcioCertificate certificate) {
    return request(image).certificate(certificate).transparencyLog(true).sign();
  }

  /** Keyless with {@code --tlog-upload=false}, optionally with an RFC 3161 timestamp. */
  public SignatureLayer keylessWithoutTlog(
      SignedImage image, FulcioCertificate certificate, boolean timestamped) {
    return request(image).certificate(certificate).timestamp(timestamped).sign();
  }

  SignatureLayer sign(CosignRequest request) {
    SignedImage image = request.image();
    CosignBreakage breakage = request.breakage();
    byte[] payload = payload(image, breakage);
    SigningKey key =
        request
            .certificate()
            .map(FulcioCertificate::key)
            .or(request::key)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Tried to sign "
                            + image.digest()
                            + " but the request has no key nor certificate"));
    byte[] signature =
        breakage == CosignBreakage.SIGNATURE_OVER_OTHER_BYTES
            ? key.sign(SimpleSigningPayload.of(otherImage(image)))
            : key.sign(payload);
    String verifierPem =
        request.certificate().map(FulcioCertificate::leafPem).orElseGet(key::publicKeyPem);

    var annotations = new TreeMap<String, String>();
    annotations.put(SignatureLayer.SIGNATURE, base64(signature));
    request
        .certificate()
        .ifPresent(
            certificate -> {
              annotations.put(SignatureLayer.CERTIFICATE, certificate.leafPem());
              annotations.put(SignatureLayer.CHAIN, chainAnnotation(certificate));
            });
    if (request.transparencyLog()) {
      annotations.put(
          SignatureLayer.BUNDLE,
          logEntry(breakage, payload, signature, key, verifierPem).cosignBundleAnnotation());
    }
    if (request.timestamp()) {
      annotations.put(
          SignatureLayer.RFC3161_TIMESTAMP, timestampAnnotation(breakage, signature, key));
    }
    SignatureLayer layer = new SignatureLayer(SignatureLayer.MEDIA_TYPE, payload, annotations);
    // TAMPERED_PAYLOAD: the same image re-serialized with an optional annotation, after signing.
    return breakage == CosignBreakage.TAMPERED_PAYLOAD
        ? layer.withPayload(
            SimpleSigningPayload.of(
                image.dockerReference(),
                image.digest(),
                SimpleSigningPayload.COSIGN_TYPE,
                Optional.of(Map.of("tampered", "true"))))
        : layer;
  }

  private static byte[] payload(SignedImage image, CosignBreakage breakage) {
    return switch (breakage) {
      case PAYLOAD_DIGEST_MISMATCH -> SimpleSigningPayload.of(otherImage(image));
      case WRONG_TYPE ->
          SimpleSigningPayload.of(
              image.dockerReference(),
              image.digest(),
              "atomic container signature",
              Optional.empty());
      default -> SimpleSigningPayload.of(image);
    };
  }

  private LogEntry logEntry(
      CosignBreakage breakage,
      byte[] payload,
      byte[] signature,
      SigningKey key,
      String verifierPem) {
    byte[] payloadDigest = Sha256.digest(payload);
    return switch (breakage) {
      case SET_BY_UNKNOWN_LOG ->
          TestRekor.generate(fixtures.random(), fixtures.clock(), "https://rekor.unknown.test")
              .addHashedRekord(payloadDigest, signature, verifierPem);
      case BAD_SET -> {
        LogEntry entry = fixtures.rekor().addHashedRekord(payloadDigest, signature, verifierPem);
        SigningKey forger = SigningKey.generate(KeyAlgorithm.ECDSA_P256, fixtures.random());
        yield entry.withSignedEntryTimestamp(forger.sign(entry.signableContent()));
      }
      case ENTRY_FOR_OTHER_SIGNATURE ->
          fixtures
              .rekor()
              .addHashedRekord(
                  Sha256.digest("other payload".getBytes(StandardCharsets.UTF_8)),
                  key.sign("other payload".getBytes(StandardCharsets.UTF_8)),
                  verifierPem);
      default -> fixtures.rekor().addHashedRekord(payloadDigest, signature, verifierPem);
    };
  }

  private String timestampAnnotation(CosignBreakage breakage, byte[] signature, SigningKey key) {
    // cosign timestamps the raw signature bytes (not their base64).
    byte[] response =
        switch (breakage) {
          case TIMESTAMP_FOR_OTHER_SIGNATURE ->
              fixtures.tsa().timestamp(key.sign("other payload".getBytes(StandardCharsets.UTF_8)));
          case TIMESTAMP_BY_UNKNOWN_TSA ->
              TestTsa.generate(fixtures.random(), fixtures.clock()).timestamp(signature);
          default -> fixtures.tsa().timestamp(signature);
        };
    return "{\"SignedRFC3161Timestamp\":\"" + base64(response) + "\"}";
  }

  /**
   * The chain annotation as cosign stores Fulcio's answer: intermediate and root PEM, without a
   * newline after the last END line (as in the real {@code cosign-real} fixture).
   */
  static String chainAnnotation(FulcioCertificate certificate) {
    String chain = certificate.chainPem();
    return chain.endsWith("\n") ? chain.substring(0, chain.length() - 1) : chain;
  }

  private static SignedImage otherImage(SignedImage image) {
    return SignedImage.ofManifest(
        image.dockerReference(),
        ("other manifest than " + image.digest()).getBytes(StandardCharsets.UTF_8));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
