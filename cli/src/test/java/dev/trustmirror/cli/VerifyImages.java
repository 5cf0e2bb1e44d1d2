package dev.trustmirror.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * Puts signed images into a docker-registry for the verify ITs: cosign signature manifests ({@code
 * sha256-<hex>.sig}, one layer per signature with its annotations) and Sigstore bundles as
 * referrers through the distribution API, and manifests whose blobs we do not have (the real cosign
 * data) straight into the registry's filesystem storage.
 */
final class VerifyImages {
  static final String BUNDLE_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private VerifyImages() {}

  /** Pushes {@code layers} as the cosign signature manifest of {@code imageDigest}. */
  static Pushed pushCosign(
      RegistryWriter writer, String repository, String imageDigest, List<SignatureLayer> layers)
      throws IOException {
    ArrayNode descriptors = JSON.createArrayNode();
    for (SignatureLayer layer : layers) {
      writer.pushBlob(repository, layer.payload(), layer.mediaType());
      descriptors.add(layer.descriptor());
    }
    Pushed config =
        writer.pushBlob(
            repository,
            "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\"}}"
                .getBytes(StandardCharsets.UTF_8),
            RegistryWriter.OCI_CONFIG);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", RegistryWriter.OCI_MANIFEST);
    manifest.set("config", JSON.valueToTree(config.descriptor()));
    manifest.set("layers", descriptors);
    return writer.pushManifest(
        repository,
        imageDigest.replace(':', '-') + ".sig",
        JSON.writeValueAsBytes(manifest),
        RegistryWriter.OCI_MANIFEST);
  }

  /** Attaches {@code bundleJson} to {@code subject} as a referrer of the bundle artifact type. */
  static Pushed pushBundle(
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

  /**
   * Stores {@code manifest} in {@code repository} by writing distribution's filesystem layout
   * directly (blob data and the repository's revision link): the API would refuse a manifest whose
   * layers it does not hold, and the real cosign fixtures come without their layers.
   *
   * @return its digest, {@code sha256:<hex>}
   */
  static String storeManifest(DockerRegistry registry, String repository, byte[] manifest)
      throws IOException {
    String digest = RegistryWriter.sha256(manifest);
    String hex = digest.substring("sha256:".length());
    Path v2 = registry.storage().resolve("docker/registry/v2");
    Path blob = v2.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    Files.createDirectories(blob);
    Files.write(blob.resolve("data"), manifest);
    Path link =
        v2.resolve("repositories")
            .resolve(repository)
            .resolve("_manifests/revisions/sha256")
            .resolve(hex);
    Files.createDirectories(link);
    Files.writeString(link.resolve("link"), digest, StandardCharsets.US_ASCII);
    return digest;
  }
}
