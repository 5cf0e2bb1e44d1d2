package dev.trustmirror.kube.trustroot;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException.Rule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Writes a {@code TrustRoot} (any {@link GenericKubernetesResource}) as YAML or JSON, always the
 * same bytes for the same content: object keys sorted at every level (as {@code kubectl get -o
 * yaml} prints them), two-space indentation, {@code \n} line ends, a final newline, every YAML
 * string double-quoted (a base64 or hex value can never be read back as a number or boolean). Also
 * the bounded parser the {@link TrustRootReader} uses for files.
 */
public final class TrustRootSerialization {
  /** Deepest nesting a TrustRoot needs is 7; anything far deeper is not a TrustRoot. */
  static final int MAX_NESTING = 32;

  static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final YAMLMapper YAML_WRITER =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private TrustRootSerialization() {}

  /** Pretty JSON with sorted keys and a final newline. */
  public static byte[] json(GenericKubernetesResource resource) {
    try {
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"));
      String text = JSON.writer(printer).writeValueAsString(canonical(resource));
      return (text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }

  /** YAML with sorted keys and quoted strings. */
  public static byte[] yaml(GenericKubernetesResource resource) {
    try {
      return YAML_WRITER.writeValueAsBytes(canonical(resource));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }

  /**
   * Compact JSON with sorted keys: what the size budget is measured on (roughly what the API server
   * stores).
   */
  public static byte[] compactJson(GenericKubernetesResource resource) {
    try {
      return JSON.writeValueAsBytes(canonical(resource));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }

  /** The resource as a JSON tree with object keys sorted at every level. */
  static JsonNode canonical(GenericKubernetesResource resource) {
    return sorted(JSON.valueToTree(resource));
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = JSON.createObjectNode();
      for (String name : names) {
        out.set(name, sorted(n.get(name)));
      }
      return out;
    }
    if (n.isArray()) {
      var out = JSON.createArrayNode();
      n.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return n;
  }

  /**
   * Parses one YAML or JSON document of at most {@code maxBytes} bytes into a JSON tree: no anchors
   * or aliases, no duplicate keys, no second document, at most {@link #MAX_NESTING} levels.
   *
   * @param origin how the document is named in refusals (its file path)
   */
  static ObjectNode parse(byte[] document, String origin, long maxBytes)
      throws TrustRootRefusedException {
    if (document.length > maxBytes) {
      throw new TrustRootRefusedException(
          Rule.DOCUMENT_TOO_LARGE,
          origin,
          null,
          "it is "
              + document.length
              + " bytes, more than the "
              + maxBytes
              + " a TrustRoot document may have");
    }
    ObjectMapper mapper = looksLikeJson(document) ? jsonReader(maxBytes) : yamlReader(maxBytes);
    if (mapper.getFactory() instanceof YAMLFactory) {
      rejectAliases(mapper, document, origin);
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(document);
    } catch (IOException e) {
      throw malformed(origin, "it is not one YAML or JSON document: " + oneLine(e));
    }
    if (tree == null || !tree.isObject()) {
      throw malformed(origin, "it is not a YAML or JSON object");
    }
    return (ObjectNode) tree;
  }

  private static boolean looksLikeJson(byte[] document) {
    for (byte b : document) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return false;
  }

  /**
   * Jackson's YAML parser does not expand aliases (it reports each as a string), so a YAML bomb
   * cannot blow up here; it would still reach us as a different document than kubectl or the Go
   * YAML library see. A TrustRoot never needs anchors: refuse them.
   */
  private static void rejectAliases(ObjectMapper mapper, byte[] document, String origin)
      throws TrustRootRefusedException {
    try (JsonParser p = mapper.getFactory().createParser(document)) {
      YAMLParser yaml = (YAMLParser) p;
      while (yaml.nextToken() != null) {
        if (yaml.isCurrentAlias() || yaml.getObjectId() != null) {
          throw new TrustRootRefusedException(
              Rule.ALIASES_NOT_ALLOWED,
              origin,
              null,
              "it uses a YAML anchor or alias ('"
                  + yaml.getText()
                  + "' at line "
                  + yaml.currentLocation().getLineNr()
                  + "); a TrustRoot needs none");
        }
      }
    } catch (IOException e) {
      throw malformed(origin, "it is not one YAML document: " + oneLine(e));
    }
  }

  private static ObjectMapper jsonReader(long maxBytes) {
    return JsonMapper.builder(
            com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(constraints(maxBytes))
                .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  private static ObjectMapper yamlReader(long maxBytes) {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes + 1));
    loader.setMaxAliasesForCollections(0);
    loader.setNestingDepthLimit(MAX_NESTING);
    return YAMLMapper.builder(
            YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(constraints(maxBytes))
                .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  private static StreamReadConstraints constraints(long maxBytes) {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING)
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
        .build();
  }

  private static TrustRootRefusedException malformed(String origin, String why) {
    return new TrustRootRefusedException(Rule.MALFORMED_DOCUMENT, origin, null, why);
  }

  private static String oneLine(IOException e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e);
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").strip();
  }
}
