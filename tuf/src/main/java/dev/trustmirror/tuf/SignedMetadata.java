package dev.trustmirror.tuf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One metadata file as received: its exact bytes, the canonical bytes of its {@code signed} object
 * (what the signatures cover) and the common fields. Parsing checks shape only; trust comes from
 * {@link SignatureCheck}.
 */
final class SignedMetadata {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  /** One entry of the {@code signatures} array. */
  record Signature(String keyId, byte[] sig) {}

  final String path;
  final byte[] raw;
  final JsonNode signed;
  final byte[] canonicalSigned;
  final List<Signature> signatures;
  final String type;
  final int version;
  final Instant expires;
  private final java.util.Map<String, Boolean> verifications = new java.util.HashMap<>();

  private SignedMetadata(
      String path,
      byte[] raw,
      JsonNode signed,
      byte[] canonicalSigned,
      List<Signature> signatures,
      String type,
      int version,
      Instant expires) {
    this.path = path;
    this.raw = raw;
    this.signed = signed;
    this.canonicalSigned = canonicalSigned;
    this.signatures = signatures;
    this.type = type;
    this.version = version;
    this.expires = expires;
  }

  /**
   * Parses a metadata file and checks that it is of the expected {@code _type}.
   *
   * @throws MalformedMetadataException for invalid JSON, duplicate keys, missing or mistyped
   *     fields, floats, or a different role type
   */
  static SignedMetadata parse(String path, byte[] raw, String expectedType)
      throws MalformedMetadataException {
    JsonNode root;
    try {
      root = JSON.readTree(raw);
    } catch (IOException e) {
      throw new MalformedMetadataException(path, "not valid JSON (" + firstLine(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedMetadataException(path, "not a JSON object");
    }
    JsonNode signed = root.get("signed");
    JsonNode sigs = root.get("signatures");
    if (signed == null || !signed.isObject()) {
      throw new MalformedMetadataException(path, "no \"signed\" object");
    }
    if (sigs == null || !sigs.isArray()) {
      throw new MalformedMetadataException(path, "no \"signatures\" array");
    }
    String type = text(path, signed, "_type");
    if (!type.equals(expectedType)) {
      throw new MalformedMetadataException(
          path, "_type is \"" + type + "\", expected \"" + expectedType + "\"");
    }
    int version = positiveInt(path, signed, "version");
    Instant expires = instant(path, signed, "expires");
    List<Signature> signatures = new ArrayList<>();
    for (JsonNode s : sigs) {
      if (!s.isObject()) {
        throw new MalformedMetadataException(path, "a signature is not an object");
      }
      String keyId = text(path, s, "keyid");
      String sigHex = text(path, s, "sig");
      signatures.add(new Signature(keyId, decodeHexOrEmpty(sigHex)));
    }
    byte[] canonical;
    try {
      canonical = CanonicalJson.encode(signed);
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException(path, e.getMessage());
    }
    return new SignedMetadata(
        path, raw, signed, canonical, List.copyOf(signatures), type, version, expires);
  }

  /** A signature that is not hex (or empty, as in Sigstore roots 12-14) never verifies. */
  private static byte[] decodeHexOrEmpty(String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  static String text(String path, JsonNode node, String field) throws MalformedMetadataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new MalformedMetadataException(path, "field \"" + field + "\" is missing or not text");
    }
    return v.textValue();
  }

  static int positiveInt(String path, JsonNode node, String field)
      throws MalformedMetadataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
      throw new MalformedMetadataException(
          path, "field \"" + field + "\" is missing or not a positive integer");
    }
    return v.intValue();
  }

  static long nonNegativeLong(String path, JsonNode node, String field)
      throws MalformedMetadataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new MalformedMetadataException(
          path, "field \"" + field + "\" is missing or not a non-negative integer");
    }
    return v.longValue();
  }

  static JsonNode object(String path, JsonNode node, String field)
      throws MalformedMetadataException {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new MalformedMetadataException(
          path, "field \"" + field + "\" is missing or not an object");
    }
    return v;
  }

  private static Instant instant(String path, JsonNode node, String field)
      throws MalformedMetadataException {
    String s = text(path, node, field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new MalformedMetadataException(path, "field \"" + field + "\" is not a UTC time: " + s);
    }
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * Whether a signature verifies under a key, computed once per metadata file: a new root is
   * checked against the old root's keys and its own, which mostly share keys.
   */
  boolean verifiedBy(String canonicalKey, Signature s, java.util.function.BooleanSupplier verify) {
    return verifications.computeIfAbsent(
        canonicalKey + "\0" + s.keyId() + "\0" + java.util.HexFormat.of().formatHex(s.sig()),
        k -> verify.getAsBoolean());
  }

  /** {@code role vN} for messages. */
  String describe() {
    return type + " v" + version;
  }
}
