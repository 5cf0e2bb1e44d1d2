package dev.trustmirror.verifier.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.Pushed;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pushes signatures the way cosign stores them, through the distribution API: a signature manifest
 * tagged {@code sha256-<hex>.sig} (OCI manifest, a config blob, one layer per signature with its
 * annotations) and Sigstore bundles as OCI 1.1 referrers (the testkit's referrers tag schema). Also
 * reaches into the registry's storage to break what the API would refuse to store.
 */
public final class SignaturePushes {
  /** cosign's bundle artifact type and layer media type. */
  public static final String BUNDLE_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SignaturePushes() {}

  /** The cosign signature tag of {@code imageDigest}: {@code sha256-<hex>.sig}. */
  public static String signatureTag(String imageDigest) {
    return imageDigest.replace(':', '-') + ".sig";
  }

  /** Pushes {@code layers} as the cosign signature manifest of {@code imageDigest}. */
  public static Pushed pushCosign(
      RegistryWriter writer, String repository, String imageDigest, List<SignatureLayer> layers)
      throws IOException {
    return pushSignatureManifest(writer, repository, signatureTag(imageDigest), layers);
  }

  /** Pushes {@code layers} (of any media type) as an OCI manifest tagged {@code tag}. */
  public static Pushed pushSignatureManifest(
      RegistryWriter writer, String repository, String tag, List<SignatureLayer> layers)
      throws IOException {
    ArrayNode descriptors = NODES.arrayNode();
    ArrayNode diffIds = NODES.arrayNode();
    for (SignatureLayer layer : layers) {
      writer.pushBlob(repository, layer.payload(), layer.mediaType());
      descriptors.add(layer.descriptor());
      diffIds.add(layer.payloadDigest());
    }
    // cosign's config: an empty image config listing the layers.
    ObjectNode config = NODES.objectNode();
    config.put("architecture", "");
    config.put("os", "");
    config.putObject("config");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.set("diff_ids", diffIds);
    Pushed configBlob =
        writer.pushBlob(repository, JSON.writeValueAsBytes(config), RegistryWriter.OCI_CONFIG);
    ObjectNode manifest = NODES.objectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", RegistryWriter.OCI_MANIFEST);
    manifest.set("config", JSON.valueToTree(configBlob.descriptor()));
    manifest.set("layers", descriptors);
    return writer.pushManifest(
        repository, tag, JSON.writeValueAsBytes(manifest), RegistryWriter.OCI_MANIFEST);
  }

  /** Attaches {@code bundleJson} to {@code subject} as a referrer of the bundle artifact type. */
  public static Pushed pushBundle(
      RegistryWriter writer, String repository, Pushed subject, String bundleJson)
      throws IOException {
    return writer.pushReferrer(
        repository,
        subject,
        BUNDLE_TYPE,
        bundleJson.getBytes(StandardCharsets.UTF_8),
        BUNDLE_TYPE,
        Map.of());
  }

  /** The file holding blob {@code digest} in {@code registry}'s filesystem storage. */
  public static Path blobData(DockerRegistry registry, String digest) {
    String hex = digest.substring("sha256:".length());
    return registry
        .storage()
        .resolve("docker/registry/v2/blobs/sha256")
        .resolve(hex.substring(0, 2))
        .resolve(hex)
        .resolve("data");
  }

  /**
   * Replaces the stored bytes of blob {@code digest} with as many other bytes: the registry then
   * serves content that does not match its digest.
   */
  public static void corruptBlob(DockerRegistry registry, String digest) throws IOException {
    Path data = blobData(registry, digest);
    byte[] bytes = Files.readAllBytes(data);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (bytes[i] ^ 0x5a);
    }
    Files.write(data, bytes);
  }

  /** Deletes the stored bytes of blob {@code digest}: the registry then answers 404 for it. */
  public static void deleteBlob(DockerRegistry registry, String digest) throws IOException {
    Files.delete(blobData(registry, digest));
  }

  /** {@code bytes} as UTF-8 text. */
  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
