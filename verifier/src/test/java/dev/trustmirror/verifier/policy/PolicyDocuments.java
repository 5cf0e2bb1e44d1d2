package dev.trustmirror.verifier.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Policy documents for the tests: the fixture, and a minimal policy to break one field at a time.
 */
final class PolicyDocuments {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The public key of {@code full/policy.json} (see its README). */
  static final String PEM =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExjKFseyxm7kUcBCwE5gyjYTHWrpI\n"
          + "aYO2A95XCP8BNHbggrxl43/yXOwK0UiGc4iyoxfze9JCo9/pkhsPVszWnw==\n"
          + "-----END PUBLIC KEY-----\n";

  private PolicyDocuments() {}

  static byte[] fixture(String name) {
    try (InputStream in =
        PolicyDocuments.class.getResourceAsStream("/dev/trustmirror/verifier/policy/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid policy with one glob and one key authority. */
  static ObjectNode minimal() {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "trust-mirror.dev/v1alpha1");
    root.put("kind", "ImageTrustPolicy");
    root.putObject("metadata").put("name", "minimal").put("generation", 7);
    ObjectNode spec = root.putObject("spec");
    spec.putArray("images").add("ghcr.io/acme/**");
    spec.putArray("authorities").addObject().putArray("keys").addObject().put("data", PEM);
    return root;
  }

  /** The minimal policy changed by {@code change}, as bytes. */
  static byte[] minimalWith(Consumer<ObjectNode> change) {
    ObjectNode root = minimal();
    change.accept(root);
    return bytes(root);
  }

  static ObjectNode spec(ObjectNode root) {
    return (ObjectNode) root.get("spec");
  }

  static ObjectNode authority(ObjectNode root) {
    return (ObjectNode) root.get("spec").get("authorities").get(0);
  }

  static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
