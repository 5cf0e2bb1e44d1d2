package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * OLPC canonical JSON, the form over which TUF signatures are computed (securesystemslib's {@code
 * encode_canonical}): keys sorted, no whitespace, integers only, and in strings only {@code "} and
 * {@code \} are escaped. Control characters such as the newlines inside PEM keys are written raw,
 * which is why a generic JSON serializer (or RFC 8785) does not reproduce Sigstore's signed bytes.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Encodes a JSON tree canonically.
   *
   * @throws IllegalArgumentException for a floating-point number, which canonical JSON forbids
   */
  public static byte[] encode(JsonNode node) {
    StringBuilder out = new StringBuilder(4096);
    write(node, out);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(out.length() + 64);
    byte[] utf8 = out.toString().getBytes(StandardCharsets.UTF_8);
    bytes.write(utf8, 0, utf8.length);
    return bytes.toByteArray();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        Collections.sort(names);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeString(names.get(i), out);
          out.append(':');
          write(node.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new IllegalArgumentException("canonical JSON allows integers only, found " + node);
        }
        out.append(node.bigIntegerValue().toString());
      }
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }
}
