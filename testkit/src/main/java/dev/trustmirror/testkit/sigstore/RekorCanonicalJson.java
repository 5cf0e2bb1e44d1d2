package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JCS) canonical JSON, the form Rekor stores entry bodies in and signs its Signed Entry
 * Timestamps over (sigstore-java and cosign both use a JCS library): object members sorted by their
 * UTF-16 code units, no whitespace, strings escaped as ECMAScript's {@code JSON.stringify} does
 * ({@code \b \t \n \f \r \" \\}, and a backslash-u escape with four lowercase hex digits for other
 * control characters; everything else raw). Integers only: Rekor documents hold no fractions.
 */
final class RekorCanonicalJson {

  private RekorCanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code node}. */
  static byte[] encode(JsonNode node) {
    var out = new StringBuilder();
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        // String.compareTo compares UTF-16 code units, which is exactly RFC 8785 3.2.3.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          out.append(i == 0 ? "" : ",");
          writeString(members.get(i).getKey(), out);
          out.append(':');
          write(members.get(i).getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          out.append(i == 0 ? "" : ",");
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new IllegalArgumentException(
              "Tried to canonicalize " + node + " but only integers are supported here");
        }
        out.append(node.bigIntegerValue());
      }
      default ->
          throw new IllegalArgumentException(
              "Tried to canonicalize a " + node.getNodeType() + " node, which has no JSON form");
    }
  }

  private static void writeString(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
