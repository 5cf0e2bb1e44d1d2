package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.registry.Digest;
import java.util.Optional;

/**
 * The JSON Patch (RFC 6902) that pins each verified {@code image:tag} to the digest that was
 * verified, so the kubelet pulls exactly those bytes (the TOCTOU of a tag moved between check and
 * pull). For each image, a {@code test} of the value that was checked, then the {@code replace}: if
 * the object the API server patches is not the one checked, the patch fails instead of pinning
 * another container.
 */
final class DigestPatch {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DigestPatch() {}

  /** The patch, or empty when nothing is to be pinned. */
  static Optional<byte[]> of(AdmissionDecision decision) {
    ArrayNode operations = MAPPER.createArrayNode();
    for (ImageResult image : decision.pins()) {
      String pointer = image.container().pointer();
      String original = image.container().image();
      operations.add(operation("test", pointer, original));
      operations.add(operation("replace", pointer, pinned(original, image.pin().orElseThrow())));
    }
    if (operations.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.writeValueAsBytes(operations));
    } catch (Exception e) {
      throw new IllegalStateException("A patch of strings always serialises", e);
    }
  }

  private static ObjectNode operation(String op, String path, String value) {
    ObjectNode operation = MAPPER.createObjectNode();
    operation.put("op", op);
    operation.put("path", path);
    operation.put("value", value);
    return operation;
  }

  /**
   * {@code name@digest} for {@code name[:tag]}, the name spelled as the workload spelled it ({@code
   * nginx:1.27} becomes {@code nginx@sha256:...}).
   */
  static String pinned(String image, Digest digest) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String name = colon > slash ? image.substring(0, colon) : image;
    return name + "@" + digest;
  }
}
