package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies the RFC 6902 operations the webhook emits ({@code test}, {@code replace}) to a Jackson
 * tree, as the API server does; refuses any other operation and any path that does not exist.
 */
final class JsonPatch {
  private JsonPatch() {}

  static JsonNode apply(JsonNode document, byte[] patch) {
    JsonNode result = document.deepCopy();
    for (JsonNode operation : Fixtures.tree(patch)) {
      String op = operation.get("op").textValue();
      JsonPointer path = JsonPointer.compile(operation.get("path").textValue());
      JsonNode value = operation.get("value");
      JsonNode current = result.at(path);
      if (current.isMissingNode()) {
        throw new IllegalArgumentException("No value at " + path);
      }
      switch (op) {
        case "test" -> {
          if (!current.equals(value)) {
            throw new IllegalArgumentException("test failed at " + path + ": " + current);
          }
        }
        case "replace" -> {
          JsonNode parent = result.at(path.head());
          String last = path.last().getMatchingProperty();
          if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
          } else {
            ((ObjectNode) parent).set(last, value);
          }
        }
        default -> throw new IllegalArgumentException("Unexpected operation " + op);
      }
    }
    return result;
  }
}
