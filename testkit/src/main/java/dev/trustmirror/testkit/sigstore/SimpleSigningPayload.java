package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * cosign's simple-signing payload, byte for byte as cosign (Go's {@code encoding/json} over its
 * struct) writes it: {@code
 * {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":T},"optional":O}}
 * without whitespace, {@code optional} being {@code null} or a string map.
 */
public final class SimpleSigningPayload {

  /** The {@code critical.type} cosign writes and requires. */
  public static final String COSIGN_TYPE = "cosign container image signature";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SimpleSigningPayload() {}

  /** The payload cosign signs for {@code image}, with {@code "optional":null}. */
  public static byte[] of(SignedImage image) {
    return of(image.dockerReference(), image.digest(), COSIGN_TYPE, Optional.empty());
  }

  /** A payload with every field chosen (for wrong types and mismatched digests). */
  public static byte[] of(
      String dockerReference, String digest, String type, Optional<Map<String, String>> optional) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    ObjectNode critical = payload.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", digest);
    critical.put("type", type);
    if (optional.isPresent()) {
      ObjectNode annotations = payload.putObject("optional");
      optional.get().forEach(annotations::put);
    } else {
      payload.putNull("optional");
    }
    try {
      return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Tried to write a simple-signing payload but failed", e);
    }
  }
}
