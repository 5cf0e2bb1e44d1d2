package dev.trustmirror.verifier.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustmirror.verifier.text.UntrustedText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses manifest and index bytes into the model, strictly: JSON with unique keys and bounded
 * nesting, {@code schemaVersion} 2, a known media type that agrees with the {@code Content-Type},
 * descriptors with a media type, a digest and a non-negative size. Pure: bytes in, model or typed
 * refusal out.
 */
final class ManifestParser {
  /** Content types that say nothing about the manifest kind. */
  private static final Set<String> GENERIC_TYPES =
      Set.of("", "application/json", "application/octet-stream", "text/plain");

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxNumberLength(32)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String location;

  private ManifestParser(String location) {
    this.location = location;
  }

  static Manifest parse(byte[] bytes, Optional<String> contentType, String location, long maxBytes)
      throws MalformedManifestException, ContentTooLargeException {
    if (bytes.length > maxBytes) {
      throw new ContentTooLargeException(location, "a manifest", maxBytes);
    }
    return new ManifestParser(location)
        .parse(bytes, contentType.map(ManifestParser::bareType).orElse(""));
  }

  /** {@code application/json; charset=utf-8} → {@code application/json}. */
  static String bareType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  private Manifest parse(byte[] bytes, String headerType) throws MalformedManifestException {
    JsonNode root = readTree(bytes);
    if (!root.isObject()) {
      throw refuse(MalformedManifestException.Rule.WRONG_TYPE, "", "it is not a JSON object");
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null
        || !version.isIntegralNumber()
        || !version.canConvertToInt()
        || version.intValue() != 2) {
      throw refuse(
          MalformedManifestException.Rule.SCHEMA_VERSION,
          "/schemaVersion",
          "schemaVersion is "
              + (version == null ? "missing" : UntrustedText.of(version.toString()))
              + ", expected 2");
    }
    String mediaType = mediaType(root, headerType);
    boolean index = MediaTypes.INDEXES.contains(mediaType);
    if (index ? root.has("config") || root.has("layers") : root.has("manifests")) {
      throw refuse(
          MalformedManifestException.Rule.KIND_CONFLICT,
          "",
          "a " + (index ? "index has config or layers" : "manifest has a manifests list"));
    }
    Optional<Descriptor> subject = optionalDescriptor(root, "subject", "/subject");
    Optional<String> artifactType = optionalText(root, "artifactType", "/artifactType");
    Map<String, String> annotations = annotations(root.get("annotations"), "/annotations");
    if (index) {
      return new ImageIndex(
          mediaType, descriptors(root, "manifests"), subject, artifactType, annotations);
    }
    Descriptor config = descriptor(required(root, "config", "/config"), "/config");
    return new ImageManifest(
        mediaType, config, descriptors(root, "layers"), subject, artifactType, annotations);
  }

  private JsonNode readTree(byte[] bytes) throws MalformedManifestException {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || root.isMissingNode()) {
        throw refuse(MalformedManifestException.Rule.NOT_JSON, null, "it is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      boolean duplicate =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
      throw new MalformedManifestException(
          duplicate
              ? MalformedManifestException.Rule.DUPLICATE_KEY
              : MalformedManifestException.Rule.NOT_JSON,
          location,
          null,
          duplicate
              ? "a JSON object has a duplicate key: " + UntrustedText.of(e.getOriginalMessage())
              : "it is not valid JSON: " + UntrustedText.of(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new MalformedManifestException(
          MalformedManifestException.Rule.NOT_JSON, location, null, "it cannot be read as JSON", e);
    }
  }

  /**
   * The media type: the {@code mediaType} field, else a specific {@code Content-Type}, else the
   * kind the fields imply (OCI allows manifests without {@code mediaType}).
   */
  private String mediaType(JsonNode root, String headerType) throws MalformedManifestException {
    Optional<String> field = optionalText(root, "mediaType", "/mediaType");
    boolean headerSpecific = !GENERIC_TYPES.contains(headerType);
    if (field.isPresent() && headerSpecific && !field.get().equals(headerType)) {
      throw refuse(
          MalformedManifestException.Rule.MEDIA_TYPE_CONFLICT,
          "/mediaType",
          "its mediaType is '"
              + UntrustedText.of(field.get())
              + "' but the registry sent Content-Type '"
              + UntrustedText.of(headerType)
              + "'");
    }
    String type;
    if (field.isPresent()) {
      type = field.get();
    } else if (headerSpecific) {
      type = headerType;
    } else if (root.has("manifests")) {
      type = MediaTypes.OCI_INDEX;
    } else {
      type = MediaTypes.OCI_MANIFEST;
    }
    if (!MediaTypes.isManifestOrIndex(type)) {
      throw refuse(
          MalformedManifestException.Rule.UNKNOWN_MEDIA_TYPE,
          field.isPresent() ? "/mediaType" : null,
          "its media type '"
              + UntrustedText.of(type)
              + "' is not an OCI or Docker schema 2 manifest or index");
    }
    return type;
  }

  private List<Descriptor> descriptors(JsonNode root, String name)
      throws MalformedManifestException {
    JsonNode array = required(root, name, "/" + name);
    if (!array.isArray()) {
      throw refuse(
          MalformedManifestException.Rule.WRONG_TYPE, "/" + name, name + " is not an array");
    }
    List<Descriptor> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      result.add(descriptor(array.get(i), "/" + name + "/" + i));
    }
    return result;
  }

  private Optional<Descriptor> optionalDescriptor(JsonNode parent, String name, String pointer)
      throws MalformedManifestException {
    JsonNode node = parent.get(name);
    return node == null || node.isNull()
        ? Optional.empty()
        : Optional.of(descriptor(node, pointer));
  }

  private Descriptor descriptor(JsonNode node, String pointer) throws MalformedManifestException {
    if (!node.isObject()) {
      throw refuse(
          MalformedManifestException.Rule.WRONG_TYPE, pointer, "a descriptor is not an object");
    }
    String mediaType = requiredText(node, "mediaType", pointer + "/mediaType");
    if (!MediaTypes.isWellFormed(mediaType)) {
      throw refuse(
          MalformedManifestException.Rule.UNKNOWN_MEDIA_TYPE,
          pointer + "/mediaType",
          "'" + UntrustedText.of(mediaType) + "' is not a media type");
    }
    String digestText = requiredText(node, "digest", pointer + "/digest");
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (InvalidDigestException e) {
      throw new MalformedManifestException(
          MalformedManifestException.Rule.BAD_DIGEST,
          location,
          pointer + "/digest",
          e.getMessage(),
          e);
    }
    JsonNode size = required(node, "size", pointer + "/size");
    if (!size.isIntegralNumber() || !size.canConvertToLong()) {
      throw refuse(
          MalformedManifestException.Rule.WRONG_TYPE, pointer + "/size", "size is not an integer");
    }
    if (size.longValue() < 0) {
      throw refuse(
          MalformedManifestException.Rule.NEGATIVE_SIZE,
          pointer + "/size",
          "size is " + size.longValue());
    }
    return new Descriptor(
        mediaType,
        digest,
        size.longValue(),
        optionalText(node, "artifactType", pointer + "/artifactType"),
        annotations(node.get("annotations"), pointer + "/annotations"),
        platform(node.get("platform"), pointer + "/platform"));
  }

  private Optional<Platform> platform(JsonNode node, String pointer)
      throws MalformedManifestException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw refuse(
          MalformedManifestException.Rule.WRONG_TYPE, pointer, "platform is not an object");
    }
    return Optional.of(
        new Platform(
            requiredText(node, "os", pointer + "/os"),
            requiredText(node, "architecture", pointer + "/architecture"),
            optionalText(node, "variant", pointer + "/variant")));
  }

  private Map<String, String> annotations(JsonNode node, String pointer)
      throws MalformedManifestException {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw refuse(
          MalformedManifestException.Rule.WRONG_TYPE, pointer, "annotations is not an object");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw refuse(
            MalformedManifestException.Rule.WRONG_TYPE,
            pointer + "/" + escape(entry.getKey()),
            "an annotation value is not a string");
      }
      result.put(entry.getKey(), entry.getValue().textValue());
    }
    return result;
  }

  private JsonNode required(JsonNode parent, String name, String pointer)
      throws MalformedManifestException {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw refuse(MalformedManifestException.Rule.MISSING_FIELD, pointer, name + " is missing");
    }
    return node;
  }

  private String requiredText(JsonNode parent, String name, String pointer)
      throws MalformedManifestException {
    JsonNode node = required(parent, name, pointer);
    if (!node.isTextual()) {
      throw refuse(MalformedManifestException.Rule.WRONG_TYPE, pointer, name + " is not a string");
    }
    return node.textValue();
  }

  private Optional<String> optionalText(JsonNode parent, String name, String pointer)
      throws MalformedManifestException {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw refuse(MalformedManifestException.Rule.WRONG_TYPE, pointer, name + " is not a string");
    }
    return Optional.of(node.textValue());
  }

  /** JSON pointer escaping (RFC 6901) of a key. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private MalformedManifestException refuse(
      MalformedManifestException.Rule rule, String field, String why) {
    return new MalformedManifestException(rule, location, field, why);
  }
}
