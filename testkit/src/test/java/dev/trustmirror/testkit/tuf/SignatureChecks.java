package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * An independent check of TUF ECDSA signatures for tests: keyids are used as given, a signature
 * counts once per trusted keyid, and unverifiable entries (empty, unknown keyid) are skipped.
 */
final class SignatureChecks {

  /** DER SubjectPublicKeyInfo header of an uncompressed P-256 point. */
  private static final String P256_SPKI_PREFIX =
      "3059301306072a8648ce3d020106082a8648ce3d030107034200";

  private SignatureChecks() {}

  /**
   * Keyids in {@code roleKeyIds} whose signature in {@code envelope} verifies with {@code keys}.
   */
  static Set<String> validSigners(JsonNode envelope, JsonNode keys, JsonNode roleKeyIds) {
    byte[] canonical = CanonicalJson.encode(envelope.get("signed"));
    Set<String> trusted = new HashSet<>();
    roleKeyIds.forEach(id -> trusted.add(id.asText()));
    Set<String> valid = new HashSet<>();
    for (JsonNode signature : envelope.get("signatures")) {
      String keyId = signature.get("keyid").asText();
      JsonNode key = keys.get(keyId);
      if (trusted.contains(keyId)
          && key != null
          && verifies(key, canonical, signature.get("sig").asText())) {
        valid.add(keyId);
      }
    }
    return valid;
  }

  /** Signers of {@code envelope} valid for top-level {@code role} of the given root envelope. */
  static Set<String> validSigners(JsonNode envelope, JsonNode rootEnvelope, String role) {
    JsonNode rootSigned = rootEnvelope.get("signed");
    return validSigners(
        envelope, rootSigned.get("keys"), rootSigned.get("roles").get(role).get("keyids"));
  }

  /** Whether {@code sigHex} is a valid ECDSA P-256 signature of {@code data} by {@code tufKey}. */
  static boolean verifies(JsonNode tufKey, byte[] data, String sigHex) {
    if (sigHex.isEmpty()) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey(tufKey.get("keyval").get("public").asText()));
      verifier.update(data);
      return verifier.verify(HexFormat.of().parseHex(sigHex));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A P-256 public key from TUF's {@code keyval.public}: PEM SubjectPublicKeyInfo, or (roots 1-4 of
   * Sigstore) the hex of the raw uncompressed point.
   */
  static PublicKey publicKey(String pem) throws GeneralSecurityException {
    if (!pem.startsWith("-----BEGIN")) {
      byte[] der = HexFormat.of().parseHex(P256_SPKI_PREFIX + pem);
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    }
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
  }
}
