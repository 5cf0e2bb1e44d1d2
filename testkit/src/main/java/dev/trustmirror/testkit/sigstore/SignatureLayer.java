package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One layer of a cosign signature manifest ({@code <repo>:sha256-<hex>.sig}): the blob is the
 * simple-signing payload, the annotations carry the signature and its verification material.
 * Annotations are kept sorted by key, the order Go writes a map in.
 *
 * @param mediaType the layer media type ({@value #MEDIA_TYPE})
 * @param payload the layer blob
 * @param annotations the layer annotations
 */
public record SignatureLayer(String mediaType, byte[] payload, Map<String, String> annotations) {

  /** cosign's simple-signing layer media type. */
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** Base64 of the signature over the payload. */
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";

  /** PEM of the Fulcio leaf certificate (keyless). */
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";

  /** PEM of the intermediate and root (keyless). */
  public static final String CHAIN = "dev.sigstore.cosign/chain";

  /** JSON {@code {SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}}}. */
  public static final String BUNDLE = "dev.sigstore.cosign/bundle";

  /** JSON {@code {SignedRFC3161Timestamp: base64 TimeStampResp}}. */
  public static final String RFC3161_TIMESTAMP = "dev.sigstore.cosign/rfc3161timestamp";

  private static final byte[] CONTAINERS_PREFIX =
      "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the payload and sorts the annotations. */
  public SignatureLayer {
    payload = payload.clone();
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** One annotation. */
  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }

  /** The blob's digest, {@code sha256:<hex>}: the layer descriptor's digest. */
  public String payloadDigest() {
    return "sha256:" + Sha256.hex(payload);
  }

  /**
   * The layer's OCI descriptor for the signature manifest: {@code mediaType}, {@code size}, {@code
   * digest} of the blob, and the annotations.
   */
  public ObjectNode descriptor() {
    ObjectNode descriptor = JsonNodeFactory.instance.objectNode();
    descriptor.put("mediaType", mediaType);
    descriptor.put("size", payload.length);
    descriptor.put("digest", payloadDigest());
    ObjectNode annotationsNode = descriptor.putObject("annotations");
    annotations.forEach(annotationsNode::put);
    return descriptor;
  }

  /** The same layer with {@code key} set to {@code value}. */
  public SignatureLayer withAnnotation(String key, String value) {
    var changed = new TreeMap<>(annotations);
    changed.put(key, value);
    return new SignatureLayer(mediaType, payload, changed);
  }

  /** The same layer without {@code key}. */
  public SignatureLayer withoutAnnotation(String key) {
    var changed = new TreeMap<>(annotations);
    changed.remove(key);
    return new SignatureLayer(mediaType, payload, changed);
  }

  /** The same layer with another blob (the signature no longer covers it). */
  public SignatureLayer withPayload(byte[] value) {
    return new SignatureLayer(mediaType, value, annotations);
  }

  /**
   * The layer in containers/image's on-disk form, as the files of {@code cosign-real}: {@code
   * \0sigstore-json\n} then {@code {"mimeType","payload"(base64),"annotations"}}.
   */
  public byte[] toContainersImageFormat() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("mimeType", mediaType);
    json.put("payload", Base64.getEncoder().encodeToString(payload));
    ObjectNode annotationsNode = json.putObject("annotations");
    annotations.forEach(annotationsNode::put);
    var out = new ByteArrayOutputStream();
    out.writeBytes(CONTAINERS_PREFIX);
    try {
      out.writeBytes(JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Tried to write a signature file but Jackson failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a layer in containers/image's on-disk form.
   *
   * @throws MalformedSignatureException when the prefix, the JSON, a member or its base64 is wrong
   */
  public static SignatureLayer fromContainersImageFormat(byte[] file) {
    if (file.length < CONTAINERS_PREFIX.length
        || !Arrays.equals(Arrays.copyOf(file, CONTAINERS_PREFIX.length), CONTAINERS_PREFIX)) {
      throw new MalformedSignatureException(
          MalformedSignatureException.Reason.MISSING_PREFIX,
          "",
          "Tried to read a containers/image signature but it does not start with \\0sigstore-json\\n",
          null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(Arrays.copyOfRange(file, CONTAINERS_PREFIX.length, file.length));
    } catch (IOException e) {
      throw new MalformedSignatureException(
          MalformedSignatureException.Reason.INVALID_JSON,
          "",
          "Tried to read a containers/image signature but its body is not JSON",
          e);
    }
    if (json == null || !json.isObject()) {
      throw new MalformedSignatureException(
          MalformedSignatureException.Reason.INVALID_JSON,
          "",
          "Tried to read a containers/image signature but its body is not a JSON object",
          null);
    }
    String mimeType = text(json, "mimeType");
    String encodedPayload = text(json, "payload");
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(encodedPayload);
    } catch (IllegalArgumentException e) {
      throw new MalformedSignatureException(
          MalformedSignatureException.Reason.INVALID_BASE64,
          "payload",
          "Tried to decode the signature payload but it is not base64",
          e);
    }
    JsonNode annotationsNode = json.get("annotations");
    if (annotationsNode == null || !annotationsNode.isObject()) {
      throw missing("annotations");
    }
    var annotations = new TreeMap<String, String>();
    for (Map.Entry<String, JsonNode> entry : annotationsNode.properties()) {
      if (!entry.getValue().isTextual()) {
        throw missing("annotations." + entry.getKey());
      }
      annotations.put(entry.getKey(), entry.getValue().textValue());
    }
    return new SignatureLayer(mimeType, payload, annotations);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw missing(field);
    }
    return value.textValue();
  }

  private static MalformedSignatureException missing(String field) {
    return new MalformedSignatureException(
        MalformedSignatureException.Reason.MISSING_FIELD,
        field,
        "Tried to read member "
            + field
            + " of a containers/image signature but it is missing or not a string",
        null);
  }
}
