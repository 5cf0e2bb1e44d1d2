package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * OLPC canonical JSON, byte for byte as securesystemslib's {@code encode_canonical} writes it,
 * which is what TUF signatures (and so the real Sigstore repository) are computed over.
 *
 * <ul>
 *   <li>object keys sorted by Unicode code point (Python's string order; the same as UTF-8 byte
 *       order, and the same as UTF-16 order for every key outside the supplementary planes);
 *   <li>no whitespace between tokens;
 *   <li>strings escape only {@code "} and {@code \}: newlines and other control characters are
 *       written raw (the PEM keys of the real Sigstore root rely on this);
 *   <li>integers only: a fractional number cannot be encoded;
 *   <li>{@code true}, {@code false}, {@code null}; output is UTF-8.
 * </ul>
 */
public final class CanonicalJson {

  /** Orders strings by Unicode code point, as Python's {@code sorted()} does. */
  static final Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

  private CanonicalJson() {}

  /**
   * Encodes a JSON tree in canonical form.
   *
   * @throws IllegalArgumentException if the tree holds a fractional number, a binary or POJO node,
   *     or a string that is not valid UTF-16 (an unpaired surrogate)
   */
  public static byte[] encode(JsonNode node) {
    var out = new StringBuilder();
    write(node, out);
    try {
      ByteBuffer bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(out));
      byte[] result = new byte[bytes.remaining()];
      bytes.get(result);
      return result;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "Tried to encode canonical JSON but a string is not valid UTF-16", e);
    }
  }

  /**
   * Returns a deep copy of {@code node} whose objects list their keys in canonical order, so that a
   * pretty printer writes sorted keys as the real metadata files have them.
   */
  static JsonNode sortedCopy(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> entry : sortedEntries(node)) {
        copy.set(entry.getKey(), sortedCopy(entry.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(sortedCopy(element)));
      return copy;
    }
    return node.deepCopy();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> writeString(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new IllegalArgumentException(
              "Tried to encode canonical JSON but found the fractional number "
                  + node
                  + "; canonical JSON allows integers only");
        }
        out.append(node.bigIntegerValue());
      }
      default ->
          throw new IllegalArgumentException(
              "Tried to encode canonical JSON but found a "
                  + node.getNodeType()
                  + " node, which has no JSON form");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> entry : sortedEntries(node)) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(entry.getKey(), out);
      out.append(':');
      write(entry.getValue(), out);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(node.get(i), out);
    }
    out.append(']');
  }

  private static void writeString(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // securesystemslib escapes exactly these two characters and writes everything else raw
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  private static List<Map.Entry<String, JsonNode>> sortedEntries(JsonNode node) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
    entries.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
    return entries;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
