package dev.trustmirror.verifier.sigstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import dev.trustmirror.verifier.text.UntrustedText;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads untrusted JSON strictly: one document, no duplicate member (Go keeps the last duplicate,
 * Jackson too; refusing them removes any ambiguity about what was signed), bounded depth and string
 * length. Accessors name the member path in their refusals.
 */
final class StrictJson {
  /** Largest JSON document accepted: 1 MiB. A bundle with a long chain is about 10 KiB. */
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxStringLength(MAX_DOCUMENT_BYTES)
                          .maxNumberLength(40)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Part part;

  StrictJson(Part part) {
    this.part = part;
  }

  /** The one JSON object in {@code bytes}. */
  JsonNode readObject(byte[] bytes) throws MalformedSignatureException {
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new MalformedSignatureException(
          part,
          Rule.TOO_LARGE,
          "",
          "it has " + bytes.length + " bytes, more than the " + MAX_DOCUMENT_BYTES + " accepted");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new MalformedSignatureException(
          part, Rule.NOT_JSON, "", "it is not one JSON document: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedSignatureException(part, Rule.NOT_JSON, "", "it cannot be read", e);
    }
    if (node == null || !node.isObject()) {
      throw new MalformedSignatureException(part, Rule.WRONG_TYPE, "", "it is not a JSON object");
    }
    return node;
  }

  /** The member {@code name} of {@code parent}, which must be an object. */
  JsonNode object(JsonNode parent, String name, String path) throws MalformedSignatureException {
    JsonNode value = required(parent, name, path);
    if (!value.isObject()) {
      throw wrongType(path, "an object");
    }
    return value;
  }

  /** The member {@code name} of {@code parent}, an object, if present and not null. */
  Optional<JsonNode> optionalObject(JsonNode parent, String name, String path)
      throws MalformedSignatureException {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw wrongType(path, "an object");
    }
    return Optional.of(value);
  }

  /** The member {@code name} of {@code parent}, which must be an array. */
  JsonNode array(JsonNode parent, String name, String path) throws MalformedSignatureException {
    JsonNode value = required(parent, name, path);
    if (!value.isArray()) {
      throw wrongType(path, "an array");
    }
    return value;
  }

  /** The string member {@code name} of {@code parent}. */
  String text(JsonNode parent, String name, String path) throws MalformedSignatureException {
    JsonNode value = required(parent, name, path);
    if (!value.isTextual()) {
      throw wrongType(path, "a string");
    }
    return value.textValue();
  }

  /** The string member {@code name} of {@code parent}, if present and not null. */
  Optional<String> optionalText(JsonNode parent, String name, String path)
      throws MalformedSignatureException {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(path, "a string");
    }
    return Optional.of(value.textValue());
  }

  /**
   * A non-negative integer member: a JSON integer, or a string of decimal digits (protobuf's JSON
   * form of int64).
   */
  long nonNegative(JsonNode parent, String name, String path) throws MalformedSignatureException {
    JsonNode value = required(parent, name, path);
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isTextual() && value.textValue().matches("[0-9]{1,19}")) {
      number = new BigInteger(value.textValue());
    } else {
      throw wrongType(path, "an integer");
    }
    if (number.signum() < 0 || number.bitLength() > 63) {
      throw new MalformedSignatureException(
          part,
          Rule.INVALID_VALUE,
          path,
          "it is " + number + ", not a non-negative 64-bit integer");
    }
    return number.longValue();
  }

  /** Standard base64 (with padding), refused when empty. */
  byte[] base64(String text, String path) throws MalformedSignatureException {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedSignatureException(
          part, Rule.NOT_BASE64, path, "it is not base64: " + e.getMessage(), e);
    }
    if (decoded.length == 0) {
      throw new MalformedSignatureException(part, Rule.INVALID_VALUE, path, "it is empty");
    }
    return decoded;
  }

  /** Lowercase or uppercase hexadecimal of exactly {@code bytes} bytes. */
  byte[] hex(String text, int bytes, String path) throws MalformedSignatureException {
    if (text.length() != bytes * 2) {
      throw new MalformedSignatureException(
          part,
          Rule.NOT_HEX,
          path,
          "it has " + text.length() + " characters, not the " + bytes * 2 + " hex digits expected");
    }
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedSignatureException(part, Rule.NOT_HEX, path, "it is not hexadecimal", e);
    }
  }

  /** Refuses a member of {@code node} that is not one of {@code names}. */
  void allowOnly(JsonNode node, String path, String... names) throws MalformedSignatureException {
    var fields = node.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!java.util.Arrays.asList(names).contains(field)) {
        throw new MalformedSignatureException(
            part,
            Rule.UNKNOWN_MEMBER,
            path.isEmpty() ? field : path + "." + field,
            "the format defines no member '" + UntrustedText.of(field) + "' there");
      }
    }
  }

  private JsonNode required(JsonNode parent, String name, String path)
      throws MalformedSignatureException {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedSignatureException(part, Rule.MISSING, path, "the member is absent");
    }
    return value;
  }

  private MalformedSignatureException wrongType(String path, String expected) {
    return new MalformedSignatureException(part, Rule.WRONG_TYPE, path, "it is not " + expected);
  }
}
