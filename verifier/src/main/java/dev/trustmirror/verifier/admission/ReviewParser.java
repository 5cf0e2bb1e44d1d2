package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustmirror.verifier.admission.MalformedReviewException.Rule;
import dev.trustmirror.verifier.text.UntrustedText;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads an {@code admission.k8s.io/v1} AdmissionReview strictly and in one pass: bounded size and
 * depth, no duplicate member anywhere (a duplicate {@code image} would let the webhook and the API
 * server read different objects), typed members. Members the webhook does not use ({@code
 * userInfo}, {@code options}, members newer API servers add) are skipped without building a tree;
 * only {@code object} and {@code oldObject} are read into trees.
 */
final class ReviewParser {
  /** The only AdmissionReview version the webhook speaks. */
  static final String API_VERSION = "admission.k8s.io/v1";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(100)
                          .maxStringLength(8 * 1024 * 1024)
                          .maxNumberLength(64)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  private final int maxBytes;
  private Optional<String> uid = Optional.empty();

  private ReviewParser(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static AdmissionRequest parse(byte[] body, int maxBytes) throws MalformedReviewException {
    return new ReviewParser(maxBytes).read(body);
  }

  private AdmissionRequest read(byte[] body) throws MalformedReviewException {
    if (body.length > maxBytes) {
      throw fail(
          Rule.TOO_LARGE,
          "",
          "has " + body.length + " bytes, more than the " + maxBytes + " accepted");
    }
    String apiVersion = null;
    String kind = null;
    AdmissionRequest request = null;
    try (JsonParser p = MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw fail(Rule.NOT_ADMISSION_REVIEW, "", "is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "apiVersion" -> apiVersion = text(p, "apiVersion");
          case "kind" -> kind = text(p, "kind");
          case "request" -> request = request(p);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw fail(Rule.NOT_JSON, "", "has data after the JSON document");
      }
    } catch (JsonProcessingException e) {
      throw fail(Rule.NOT_JSON, "", "is not one JSON document: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw fail(Rule.NOT_JSON, "", "cannot be read: " + e.getMessage());
    }
    if (!API_VERSION.equals(apiVersion) || !"AdmissionReview".equals(kind)) {
      throw fail(
          Rule.NOT_ADMISSION_REVIEW,
          "apiVersion",
          "and kind are '"
              + UntrustedText.of(apiVersion)
              + " "
              + UntrustedText.of(kind)
              + "', not '"
              + API_VERSION
              + " AdmissionReview'");
    }
    if (request == null) {
      throw fail(Rule.NOT_ADMISSION_REVIEW, "request", "is absent");
    }
    return request;
  }

  private AdmissionRequest request(JsonParser p) throws IOException, MalformedReviewException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw fail(Rule.NOT_ADMISSION_REVIEW, "request", "is not an object");
    }
    GroupVersionKind kind = null;
    Optional<String> subResource = Optional.empty();
    Optional<String> name = Optional.empty();
    Optional<String> namespace = Optional.empty();
    Operation operation = null;
    boolean dryRun = false;
    Optional<JsonNode> object = Optional.empty();
    Optional<JsonNode> oldObject = Optional.empty();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String member = p.currentName();
      p.nextToken();
      switch (member) {
        case "uid" -> uid = Optional.of(uid(p));
        case "kind" -> kind = kind(p);
        case "subResource" -> subResource = optionalText(p, "request.subResource");
        case "name" -> name = optionalText(p, "request.name");
        case "namespace" -> namespace = optionalText(p, "request.namespace");
        case "operation" -> operation = operation(p);
        case "dryRun" -> dryRun = bool(p, "request.dryRun");
        case "object" -> object = tree(p, "request.object");
        case "oldObject" -> oldObject = tree(p, "request.oldObject");
        default -> p.skipChildren();
      }
    }
    if (uid.isEmpty()) {
      throw fail(Rule.NOT_ADMISSION_REVIEW, "request.uid", "is absent");
    }
    if (kind == null) {
      throw fail(Rule.MISSING, "request.kind", "is absent");
    }
    if (operation == null) {
      throw fail(Rule.MISSING, "request.operation", "is absent");
    }
    if ((operation == Operation.CREATE || operation == Operation.UPDATE) && object.isEmpty()) {
      throw fail(Rule.MISSING, "request.object", "is absent for a " + operation);
    }
    return new AdmissionRequest(
        uid.get(), kind, subResource, name, namespace, operation, dryRun, object, oldObject);
  }

  private String uid(JsonParser p) throws IOException, MalformedReviewException {
    String value = text(p, "request.uid");
    if (value.isEmpty() || value.length() > 256) {
      throw fail(Rule.NOT_ADMISSION_REVIEW, "request.uid", "is not 1 to 256 characters");
    }
    return value;
  }

  private GroupVersionKind kind(JsonParser p) throws IOException, MalformedReviewException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw fail(Rule.WRONG_TYPE, "request.kind", "is not an object");
    }
    JsonNode node = MAPPER.readTree(p);
    String[] parts = new String[3];
    String[] members = {"group", "version", "kind"};
    for (int i = 0; i < 3; i++) {
      JsonNode value = node.get(members[i]);
      if (value == null || !value.isTextual()) {
        throw fail(Rule.WRONG_TYPE, "request.kind." + members[i], "is not a string");
      }
      parts[i] = value.textValue();
    }
    return new GroupVersionKind(parts[0], parts[1], parts[2]);
  }

  private Operation operation(JsonParser p) throws IOException, MalformedReviewException {
    String value = text(p, "request.operation");
    return Operation.fromSpec(value)
        .orElseThrow(
            () ->
                fail(
                    Rule.INVALID_VALUE,
                    "request.operation",
                    "is '" + UntrustedText.of(value) + "', not CREATE, UPDATE, DELETE or CONNECT"));
  }

  private Optional<JsonNode> tree(JsonParser p, String field)
      throws IOException, MalformedReviewException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw fail(Rule.WRONG_TYPE, field, "is not an object");
    }
    return Optional.of(MAPPER.readTree(p));
  }

  private String text(JsonParser p, String field) throws IOException, MalformedReviewException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      throw fail(Rule.WRONG_TYPE, field, "is not a string");
    }
    return p.getText();
  }

  private Optional<String> optionalText(JsonParser p, String field)
      throws IOException, MalformedReviewException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    String value = text(p, field);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private boolean bool(JsonParser p, String field) throws MalformedReviewException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return false;
    }
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw fail(Rule.WRONG_TYPE, field, "is not true or false");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  private MalformedReviewException fail(Rule rule, String field, String why) {
    return new MalformedReviewException(rule, field, uid, why);
  }
}
