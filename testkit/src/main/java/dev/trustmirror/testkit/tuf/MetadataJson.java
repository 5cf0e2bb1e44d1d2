package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Reads and writes TUF metadata envelopes ({@code {"signatures": [...], "signed": {...}}}) the way
 * python-tuf writes them: sorted keys, one-space indent, non-ASCII escaped, no final newline.
 * Signatures are always computed over the canonical form of {@code signed}, never the file bytes.
 */
final class MetadataJson {

  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private static final ObjectWriter PRETTY = MAPPER.writer(prettyPrinter());

  private MetadataJson() {}

  /** The TUF {@code expires} form of {@code instant}: seconds precision, UTC, {@code Z} suffix. */
  static String expires(Instant instant) {
    return EXPIRES.format(instant);
  }

  /** Writes {@code node} with sorted keys and a one-space indent, as the real files are. */
  static byte[] pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsBytes(CanonicalJson.sortedCopy(node));
    } catch (IOException e) {
      throw new UncheckedIOException("Tried to write metadata JSON but Jackson failed", e);
    }
  }

  /** Parses a metadata file into its envelope object. */
  static ObjectNode parseEnvelope(byte[] file) {
    try {
      JsonNode node = MAPPER.readTree(file);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(
            "Tried to parse a metadata file but it is not an object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new IllegalArgumentException("Tried to parse a metadata file but it is not JSON", e);
    }
  }

  /** Signs the canonical form of {@code signed} with each of {@code signers}, in order. */
  static ArrayNode signatures(JsonNode signed, List<TestKey> signers) {
    byte[] canonical = CanonicalJson.encode(signed);
    ArrayNode signatures = JsonNodeFactory.instance.arrayNode();
    for (TestKey signer : signers) {
      signatures.addObject().put("keyid", signer.keyId()).put("sig", signer.sign(canonical));
    }
    return signatures;
  }

  /** Builds and writes the envelope of {@code signed}, signed by {@code signers}. */
  static byte[] sign(JsonNode signed, List<TestKey> signers) {
    return envelope(signatures(signed, signers), signed);
  }

  /** Writes an envelope from its two parts. */
  static byte[] envelope(ArrayNode signatures, JsonNode signed) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.set("signatures", signatures);
    envelope.set("signed", signed);
    return pretty(envelope);
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }
}
