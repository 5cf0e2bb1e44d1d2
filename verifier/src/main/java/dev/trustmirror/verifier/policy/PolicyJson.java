package dev.trustmirror.verifier.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Strict reading of a policy document: one JSON object, no duplicate member, bounded size and
 * depth; accessors check types and bounds and name the member path in their refusals. JSON null
 * reads as absent (Kubernetes prunes nulls; a client may still send them).
 */
final class PolicyJson {
  /** Largest document accepted: 1 MiB (etcd's limit for a whole object is 1.5 MiB). */
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(128)
                          .maxStringLength(MAX_DOCUMENT_BYTES)
                          .maxNumberLength(40)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private PolicyJson() {}

  /** The one JSON object in {@code bytes}. */
  static JsonNode readObject(byte[] bytes) throws InvalidImageTrustPolicyException {
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new InvalidImageTrustPolicyException(
          Rule.TOO_LARGE,
          "",
          "has " + bytes.length + " bytes, more than the " + MAX_DOCUMENT_BYTES + " accepted");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidImageTrustPolicyException(
          Rule.NOT_JSON, "", "is not one JSON document: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidImageTrustPolicyException(Rule.NOT_JSON, "", "cannot be read", e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidImageTrustPolicyException(Rule.WRONG_TYPE, "", "is not a JSON object");
    }
    return node;
  }

  /** The member, when present and not null. */
  static Optional<JsonNode> member(JsonNode parent, String name) {
    JsonNode value = parent.get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  static JsonNode required(JsonNode parent, String name, String path)
      throws InvalidImageTrustPolicyException {
    return member(parent, name)
        .orElseThrow(() -> new InvalidImageTrustPolicyException(Rule.MISSING, path, "is absent"));
  }

  static JsonNode object(JsonNode value, String path) throws InvalidImageTrustPolicyException {
    if (!value.isObject()) {
      throw wrongType(path, "an object");
    }
    return value;
  }

  /** An array of {@code min} to {@code max} elements. */
  static JsonNode array(JsonNode value, String path, int min, int max)
      throws InvalidImageTrustPolicyException {
    if (!value.isArray()) {
      throw wrongType(path, "a list");
    }
    if (value.size() < min) {
      throw new InvalidImageTrustPolicyException(
          Rule.EMPTY, path, "has " + value.size() + " entries; at least " + min + " are needed");
    }
    if (value.size() > max) {
      throw new InvalidImageTrustPolicyException(
          Rule.TOO_LONG, path, "has " + value.size() + " entries, more than " + max);
    }
    return value;
  }

  /** A string of {@code min} to {@code max} characters. */
  static String text(JsonNode value, String path, int min, int max)
      throws InvalidImageTrustPolicyException {
    if (!value.isTextual()) {
      throw wrongType(path, "a string");
    }
    String text = value.textValue();
    if (text.length() < min) {
      throw new InvalidImageTrustPolicyException(Rule.EMPTY, path, "is empty");
    }
    if (text.length() > max) {
      throw new InvalidImageTrustPolicyException(
          Rule.TOO_LONG, path, "has " + text.length() + " characters, more than " + max);
    }
    return text;
  }

  static boolean bool(JsonNode value, String path) throws InvalidImageTrustPolicyException {
    if (!value.isBoolean()) {
      throw wrongType(path, "true or false");
    }
    return value.booleanValue();
  }

  /** Refuses a member of {@code node} that is not one of {@code names}. */
  static void allowOnly(JsonNode node, String path, List<String> names)
      throws InvalidImageTrustPolicyException {
    Iterator<String> fields = node.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!names.contains(field)) {
        throw new InvalidImageTrustPolicyException(
            Rule.UNKNOWN_FIELD,
            path.isEmpty() ? field : path + "." + field,
            "is not a field of an ImageTrustPolicy (known there: "
                + String.join(", ", names)
                + ")");
      }
    }
  }

  private static InvalidImageTrustPolicyException wrongType(String path, String expected) {
    return new InvalidImageTrustPolicyException(Rule.WRONG_TYPE, path, "is not " + expected);
  }
}
