package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks that a Rekor entry body is about this signature: same signature bytes, same signer
 * (certificate or key), same artifact hash. A valid SET over an entry for another signature proves
 * nothing about this one. Kinds: {@code hashedrekord} 0.0.1 (cosign signatures, message
 * signatures), {@code dsse} 0.0.1 and {@code intoto} 0.0.2 (DSSE envelopes).
 */
final class TlogEntryMatch {
  /** What the entry must record. */
  sealed interface Expected permits HashedRekord, Dsse {}

  /** A signature over an artifact whose {@code algorithm} hash ({@code sha256}) is {@code hash}. */
  record HashedRekord(String algorithm, byte[] hash, byte[] signature) implements Expected {}

  /** A DSSE envelope with this payload and signature. */
  record Dsse(byte[] payload, byte[] signature) implements Expected {}

  private static final StrictJson JSON = new StrictJson(Part.TLOG_ENTRY_BODY);

  private TlogEntryMatch() {}

  static void check(byte[] body, Expected expected, SignerMaterial signer) throws Refusal {
    try {
      JsonNode root = JSON.readObject(body);
      String kind = JSON.text(root, "kind", "kind");
      String version = JSON.text(root, "apiVersion", "apiVersion");
      JsonNode spec = JSON.object(root, "spec", "spec");
      String problem =
          switch (kind + " " + version) {
            case "hashedrekord 0.0.1" -> hashedRekord(spec, expected, signer);
            case "dsse 0.0.1" -> dsse(spec, expected, signer);
            case "intoto 0.0.2" -> intoto(spec, expected, signer);
            default ->
                "it is a '"
                    + UntrustedText.of(kind)
                    + "' entry of version '"
                    + UntrustedText.of(version)
                    + "', not hashedrekord 0.0.1, dsse 0.0.1 or intoto 0.0.2";
          };
      if (!problem.isEmpty()) {
        throw new Refusal(
            RefusalCode.TLOG_ENTRY_MISMATCH,
            "the transparency-log entry is not for this signature: " + problem);
      }
    } catch (MalformedSignatureException e) {
      throw new Refusal(
          RefusalCode.TLOG_ENTRY_MISMATCH,
          "the transparency-log entry body cannot be read: " + e.getMessage());
    }
  }

  private static String hashedRekord(JsonNode spec, Expected expected, SignerMaterial signer)
      throws MalformedSignatureException {
    if (!(expected instanceof HashedRekord want)) {
      return "it is a hashedrekord entry but the signature is a DSSE envelope";
    }
    JsonNode signature = JSON.object(spec, "signature", "spec.signature");
    byte[] content =
        JSON.base64(JSON.text(signature, "content", "spec.signature.content"), "content");
    if (!Arrays.equals(content, want.signature())) {
      return "it records another signature";
    }
    JsonNode publicKey = JSON.object(signature, "publicKey", "spec.signature.publicKey");
    if (!namesSigner(JSON.text(publicKey, "content", "spec.signature.publicKey.content"), signer)) {
      return "it records another signer than " + signer.describe();
    }
    JsonNode hash = JSON.object(JSON.object(spec, "data", "spec.data"), "hash", "spec.data.hash");
    String algorithm = JSON.text(hash, "algorithm", "spec.data.hash.algorithm");
    String value = JSON.text(hash, "value", "spec.data.hash.value");
    if (!algorithm.equals(want.algorithm())
        || !value.equalsIgnoreCase(HexFormat.of().formatHex(want.hash()))) {
      return "it records the artifact hash "
          + UntrustedText.of(algorithm)
          + ":"
          + UntrustedText.of(value)
          + ", not "
          + want.algorithm()
          + ":"
          + HexFormat.of().formatHex(want.hash());
    }
    return "";
  }

  private static String dsse(JsonNode spec, Expected expected, SignerMaterial signer)
      throws MalformedSignatureException {
    if (!(expected instanceof Dsse want)) {
      return "it is a dsse entry but the signature is not a DSSE envelope";
    }
    String problem = payloadHash(JSON.object(spec, "payloadHash", "spec.payloadHash"), want);
    if (!problem.isEmpty()) {
      return problem;
    }
    JsonNode signatures = JSON.array(spec, "signatures", "spec.signatures");
    for (JsonNode s : signatures) {
      if (s.isObject()
          && Arrays.equals(
              JSON.base64(JSON.text(s, "signature", "spec.signatures[].signature"), "signature"),
              want.signature())
          && namesSigner(JSON.text(s, "verifier", "spec.signatures[].verifier"), signer)) {
        return "";
      }
    }
    return "no signature of it is this signature by " + signer.describe();
  }

  private static String intoto(JsonNode spec, Expected expected, SignerMaterial signer)
      throws MalformedSignatureException {
    if (!(expected instanceof Dsse want)) {
      return "it is an intoto entry but the signature is not a DSSE envelope";
    }
    JsonNode content = JSON.object(spec, "content", "spec.content");
    String problem = payloadHash(JSON.object(content, "payloadHash", "payloadHash"), want);
    if (!problem.isEmpty()) {
      return problem;
    }
    JsonNode envelope = JSON.object(content, "envelope", "spec.content.envelope");
    for (JsonNode s : JSON.array(envelope, "signatures", "spec.content.envelope.signatures")) {
      if (!s.isObject()) {
        continue;
      }
      // intoto 0.0.2 stores the signature base64-encoded twice
      byte[] once = JSON.base64(JSON.text(s, "sig", "sig"), "sig");
      boolean same = Arrays.equals(once, want.signature());
      if (!same) {
        try {
          same =
              Arrays.equals(
                  Base64.getDecoder().decode(new String(once, StandardCharsets.US_ASCII)),
                  want.signature());
        } catch (IllegalArgumentException e) {
          same = false;
        }
      }
      if (same && namesSigner(JSON.text(s, "publicKey", "publicKey"), signer)) {
        return "";
      }
    }
    return "no signature of it is this signature by " + signer.describe();
  }

  private static String payloadHash(JsonNode hash, Dsse want) throws MalformedSignatureException {
    String algorithm = JSON.text(hash, "algorithm", "payloadHash.algorithm");
    String value = JSON.text(hash, "value", "payloadHash.value");
    String expected = Hashes.sha256Hex(want.payload());
    if (!algorithm.equals("sha256") || !value.equalsIgnoreCase(expected)) {
      return "it records the payload hash "
          + UntrustedText.of(algorithm)
          + ":"
          + UntrustedText.of(value)
          + ", not sha256:"
          + expected;
    }
    return "";
  }

  /** Whether base64 of a PEM names the signer (its first block). */
  private static boolean namesSigner(String base64Pem, SignerMaterial signer)
      throws MalformedSignatureException {
    String pem = new String(JSON.base64(base64Pem, "publicKey"), StandardCharsets.US_ASCII);
    List<Pem.Block> blocks = Pem.blocks(pem, Part.TLOG_ENTRY_BODY, "publicKey");
    return signer.matches(blocks.get(0));
  }
}
