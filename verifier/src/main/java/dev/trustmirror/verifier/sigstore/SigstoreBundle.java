package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import dev.trustmirror.verifier.text.UntrustedText;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Sigstore bundle (v0.1, v0.2 or v0.3, protobuf-specs {@code dev.sigstore.bundle.v1.Bundle} in
 * its JSON form), parsed: the verification material (certificate chain, certificate, or a public
 * key hint), the transparency-log entries, the RFC 3161 timestamps, and the content (a message
 * signature or a DSSE envelope). Members are read in their camelCase JSON names; int64 values as
 * strings or numbers, bytes as standard base64, as protobuf's JSON mapping writes them.
 */
public final class SigstoreBundle {
  /** The bundle format versions. */
  public enum Version {
    /** {@code application/vnd.dev.sigstore.bundle+json;version=0.1}: SET required. */
    V0_1,
    /** {@code ...;version=0.2}: inclusion proof with checkpoint required. */
    V0_2,
    /** {@code ...;version=0.3} or {@code application/vnd.dev.sigstore.bundle.v0.3+json}. */
    V0_3
  }

  /** A signature over an artifact's digest ({@code messageSignature}). */
  public record MessageSignature(
      Optional<String> digestAlgorithm, byte[] digest, byte[] signature) {
    public MessageSignature {
      digest = digest.clone();
      signature = signature.clone();
    }
  }

  /** A DSSE envelope ({@code dsseEnvelope}) with its signatures. */
  public record DsseEnvelope(String payloadType, byte[] payload, List<byte[]> signatures) {
    public DsseEnvelope {
      payload = payload.clone();
      signatures = List.copyOf(signatures);
    }
  }

  private static final StrictJson JSON = new StrictJson(Part.SIGSTORE_BUNDLE);
  private static final int MAX_ENTRIES = 32;
  private static final int MAX_CHAIN = 10;

  private final Version version;
  private final List<X509Certificate> certificates;
  private final Optional<String> publicKeyHint;
  private final List<TransparencyLogEntry> tlogEntries;
  private final List<byte[]> rfc3161Timestamps;
  private final Optional<MessageSignature> messageSignature;
  private final Optional<DsseEnvelope> dsseEnvelope;

  private SigstoreBundle(
      Version version,
      List<X509Certificate> certificates,
      Optional<String> publicKeyHint,
      List<TransparencyLogEntry> tlogEntries,
      List<byte[]> rfc3161Timestamps,
      Optional<MessageSignature> messageSignature,
      Optional<DsseEnvelope> dsseEnvelope) {
    this.version = version;
    this.certificates = List.copyOf(certificates);
    this.publicKeyHint = publicKeyHint;
    this.tlogEntries = List.copyOf(tlogEntries);
    this.rfc3161Timestamps = List.copyOf(rfc3161Timestamps);
    this.messageSignature = messageSignature;
    this.dsseEnvelope = dsseEnvelope;
  }

  /**
   * Parses a bundle document.
   *
   * @throws MalformedSignatureException ({@link Part#SIGSTORE_BUNDLE}) naming the member
   */
  public static SigstoreBundle parse(byte[] json) throws MalformedSignatureException {
    Objects.requireNonNull(json, "json");
    JsonNode root = JSON.readObject(json);
    JSON.allowOnly(
        root, "", "mediaType", "verificationMaterial", "messageSignature", "dsseEnvelope");
    Version version = version(JSON.text(root, "mediaType", "mediaType"));
    JsonNode material = JSON.object(root, "verificationMaterial", "verificationMaterial");
    JSON.allowOnly(
        material,
        "verificationMaterial",
        "x509CertificateChain",
        "certificate",
        "publicKey",
        "tlogEntries",
        "timestampVerificationData");
    List<X509Certificate> certificates = new ArrayList<>();
    Optional<String> hint = Optional.empty();
    Optional<JsonNode> chain =
        JSON.optionalObject(
            material, "x509CertificateChain", "verificationMaterial.x509CertificateChain");
    Optional<JsonNode> certificate =
        JSON.optionalObject(material, "certificate", "verificationMaterial.certificate");
    Optional<JsonNode> publicKey =
        JSON.optionalObject(material, "publicKey", "verificationMaterial.publicKey");
    int forms = (chain.isPresent() ? 1 : 0) + (certificate.isPresent() ? 1 : 0);
    forms += publicKey.isPresent() ? 1 : 0;
    if (forms != 1) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE,
          forms == 0 ? Rule.MISSING : Rule.INVALID_VALUE,
          "verificationMaterial",
          "it must hold exactly one of x509CertificateChain, certificate and publicKey, not "
              + forms);
    }
    if (chain.isPresent()) {
      JSON.allowOnly(chain.get(), "verificationMaterial.x509CertificateChain", "certificates");
      JsonNode list =
          JSON.array(chain.get(), "certificates", "verificationMaterial.x509CertificateChain");
      if (list.size() > MAX_CHAIN) {
        throw new MalformedSignatureException(
            Part.SIGSTORE_BUNDLE,
            Rule.TOO_LARGE,
            "x509CertificateChain",
            list.size() + " certificates");
      }
      for (int i = 0; i < list.size(); i++) {
        certificates.add(
            rawCertificate(list.get(i), "x509CertificateChain.certificates[" + i + "]"));
      }
      if (certificates.isEmpty()) {
        throw new MalformedSignatureException(
            Part.SIGSTORE_BUNDLE, Rule.MISSING, "x509CertificateChain", "the chain is empty");
      }
    } else if (certificate.isPresent()) {
      certificates.add(rawCertificate(certificate.get(), "verificationMaterial.certificate"));
    } else {
      JSON.allowOnly(publicKey.get(), "verificationMaterial.publicKey", "hint");
      hint = JSON.optionalText(publicKey.get(), "hint", "verificationMaterial.publicKey.hint");
    }
    List<TransparencyLogEntry> entries = new ArrayList<>();
    if (material.has("tlogEntries") && !material.get("tlogEntries").isNull()) {
      JsonNode list = JSON.array(material, "tlogEntries", "verificationMaterial.tlogEntries");
      if (list.size() > MAX_ENTRIES) {
        throw new MalformedSignatureException(
            Part.SIGSTORE_BUNDLE, Rule.TOO_LARGE, "tlogEntries", list.size() + " entries");
      }
      for (int i = 0; i < list.size(); i++) {
        entries.add(BundleEntries.entry(JSON, list.get(i), "tlogEntries[" + i + "]"));
      }
    }
    List<byte[]> timestamps = BundleEntries.timestamps(JSON, material);
    Optional<JsonNode> message = JSON.optionalObject(root, "messageSignature", "messageSignature");
    Optional<JsonNode> dsse = JSON.optionalObject(root, "dsseEnvelope", "dsseEnvelope");
    if (message.isPresent() == dsse.isPresent()) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE,
          message.isPresent() ? Rule.INVALID_VALUE : Rule.MISSING,
          "messageSignature|dsseEnvelope",
          "a bundle holds exactly one of messageSignature and dsseEnvelope");
    }
    return new SigstoreBundle(
        version,
        certificates,
        hint,
        entries,
        timestamps,
        message.isPresent() ? Optional.of(messageSignature(message.get())) : Optional.empty(),
        dsse.isPresent() ? Optional.of(dsseEnvelope(dsse.get())) : Optional.empty());
  }

  private static Version version(String mediaType) throws MalformedSignatureException {
    return switch (mediaType) {
      case "application/vnd.dev.sigstore.bundle+json;version=0.1" -> Version.V0_1;
      case "application/vnd.dev.sigstore.bundle+json;version=0.2" -> Version.V0_2;
      case "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle.v0.3+json" ->
          Version.V0_3;
      default ->
          throw new MalformedSignatureException(
              Part.SIGSTORE_BUNDLE,
              Rule.UNSUPPORTED,
              "mediaType",
              "'" + UntrustedText.of(mediaType) + "' is not a bundle media type of v0.1 to v0.3");
    };
  }

  private static X509Certificate rawCertificate(JsonNode node, String path)
      throws MalformedSignatureException {
    if (!node.isObject()) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE, Rule.WRONG_TYPE, path, "it is not an object");
    }
    JSON.allowOnly(node, path, "rawBytes");
    byte[] der = JSON.base64(JSON.text(node, "rawBytes", path + ".rawBytes"), path + ".rawBytes");
    return Pem.certificate(der, Part.SIGSTORE_BUNDLE, path);
  }

  private static MessageSignature messageSignature(JsonNode node)
      throws MalformedSignatureException {
    JSON.allowOnly(node, "messageSignature", "messageDigest", "signature");
    JsonNode digest = JSON.object(node, "messageDigest", "messageSignature.messageDigest");
    JSON.allowOnly(digest, "messageSignature.messageDigest", "algorithm", "digest");
    Optional<String> algorithm =
        JSON.optionalText(digest, "algorithm", "messageSignature.messageDigest.algorithm");
    byte[] value =
        JSON.base64(
            JSON.text(digest, "digest", "messageSignature.messageDigest.digest"),
            "messageSignature.messageDigest.digest");
    byte[] signature =
        JSON.base64(
            JSON.text(node, "signature", "messageSignature.signature"),
            "messageSignature.signature");
    return new MessageSignature(algorithm, value, signature);
  }

  private static DsseEnvelope dsseEnvelope(JsonNode node) throws MalformedSignatureException {
    JSON.allowOnly(node, "dsseEnvelope", "payload", "payloadType", "signatures");
    String payloadType = JSON.text(node, "payloadType", "dsseEnvelope.payloadType");
    byte[] payload =
        JSON.base64(JSON.text(node, "payload", "dsseEnvelope.payload"), "dsseEnvelope.payload");
    JsonNode list = JSON.array(node, "signatures", "dsseEnvelope.signatures");
    if (list.size() != 1) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE,
          Rule.INVALID_VALUE,
          "dsseEnvelope.signatures",
          "a Sigstore bundle's envelope has exactly one signature, not " + list.size());
    }
    JsonNode signature = list.get(0);
    if (!signature.isObject()) {
      throw new MalformedSignatureException(
          Part.SIGSTORE_BUNDLE, Rule.WRONG_TYPE, "dsseEnvelope.signatures[0]", "not an object");
    }
    JSON.allowOnly(signature, "dsseEnvelope.signatures[0]", "sig", "keyid");
    byte[] sig =
        JSON.base64(
            JSON.text(signature, "sig", "dsseEnvelope.signatures[0].sig"),
            "dsseEnvelope.signatures[0].sig");
    return new DsseEnvelope(payloadType, payload, List.of(sig));
  }

  /** The format version. */
  public Version version() {
    return version;
  }

  /** The signing certificate and any chain after it (leaf first); empty for key-based bundles. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** The public key hint of a key-based bundle. */
  public Optional<String> publicKeyHint() {
    return publicKeyHint;
  }

  /** The transparency-log entries. */
  public List<TransparencyLogEntry> tlogEntries() {
    return tlogEntries;
  }

  /** The DER of each RFC 3161 timestamp response. */
  public List<byte[]> rfc3161Timestamps() {
    return rfc3161Timestamps.stream().map(byte[]::clone).toList();
  }

  /** The message signature, when the bundle signs an artifact digest. */
  public Optional<MessageSignature> messageSignature() {
    return messageSignature;
  }

  /** The DSSE envelope, when the bundle signs an in-toto statement. */
  public Optional<DsseEnvelope> dsseEnvelope() {
    return dsseEnvelope;
  }
}
