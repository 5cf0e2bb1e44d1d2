package dev.trustmirror.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Pushes content to a registry through the distribution API (JDK {@code HttpClient}): blobs
 * (monolithic {@code POST} then {@code PUT ?digest=}), manifests and indexes by tag or digest, with
 * Basic credentials or the bearer-token flow ({@code pull,push} scope). Builds small random images
 * (config blob, one layer, OCI manifest), multi-arch indexes, and OCI 1.1 referrers recorded in the
 * referrers tag schema ({@code sha256-<hex>}) for registries without the referrers API.
 */
public final class RegistryWriter {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** OCI image configuration. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

  /** OCI gzip layer. */
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** The OCI 1.1 empty descriptor's media type (artifact configs). */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Content pushed: its digest, size, media type and exact bytes. */
  public record Pushed(String digest, long size, String mediaType, byte[] bytes) {
    /** The OCI descriptor of this content. */
    public Map<String, Object> descriptor() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", mediaType);
      d.put("digest", digest);
      d.put("size", size);
      return d;
    }

    /** The hex part of the digest. */
    public String hex() {
      return digest.substring(digest.indexOf(':') + 1);
    }
  }

  /** An image pushed: its manifest, config and single layer. */
  public record PushedImage(String repository, Pushed manifest, Pushed config, Pushed layer) {}

  /** A multi-arch index pushed under a tag, and the images it lists. */
  public record PushedIndex(
      String repository, String tag, Pushed index, List<PushedImage> images) {}

  private final URI base;
  private final PushClient http;

  /**
   * A writer for the registry at {@code base} ({@code http(s)://host:port/}).
   *
   * @param ssl trust for HTTPS (the test CA), when the registry serves TLS
   * @param user the user name, when the registry requires authentication
   * @param password the password
   */
  public RegistryWriter(
      URI base, Optional<SSLContext> ssl, Optional<String> user, Optional<String> password) {
    this.base = base;
    this.http = new PushClient(base, ssl, user, password);
  }

  /** Pushes {@code content} as a blob (monolithic upload) and returns its descriptor. */
  public Pushed pushBlob(String repository, byte[] content, String mediaType) throws IOException {
    String digest = sha256(content);
    HttpResponse<byte[]> started =
        http.send(
            repository,
            () ->
                HttpRequest.newBuilder(url("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
    PushClient.expect(started, 202, "start a blob upload to " + repository);
    String location =
        started
            .headers()
            .firstValue("location")
            .orElseThrow(() -> new IOException("The registry started an upload without Location"));
    URI upload = base.resolve(location);
    URI put =
        URI.create(
            upload
                + (upload.getRawQuery() == null ? "?" : "&")
                + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    HttpResponse<byte[]> done =
        http.send(
            repository,
            () ->
                HttpRequest.newBuilder(put)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    PushClient.expect(done, 201, "finish the upload of " + digest + " to " + repository);
    return new Pushed(digest, content.length, mediaType, content.clone());
  }

  /** Pushes a manifest or index under {@code reference} (a tag, or its own digest). */
  public Pushed pushManifest(String repository, String reference, byte[] manifest, String mediaType)
      throws IOException {
    HttpResponse<byte[]> response =
        http.send(
            repository,
            () ->
                HttpRequest.newBuilder(url("/v2/" + repository + "/manifests/" + reference))
                    .header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    PushClient.expect(response, 201, "push the manifest " + repository + ":" + reference);
    return new Pushed(sha256(manifest), manifest.length, mediaType, manifest.clone());
  }

  /** The manifest or index at {@code reference}, or empty when the registry answers 404. */
  public Optional<byte[]> manifest(String repository, String reference) throws IOException {
    HttpResponse<byte[]> response =
        http.send(
            repository,
            () ->
                HttpRequest.newBuilder(url("/v2/" + repository + "/manifests/" + reference))
                    .header(
                        "Accept",
                        String.join(
                            ", ",
                            OCI_MANIFEST,
                            OCI_INDEX,
                            "application/vnd.docker.distribution.manifest.v2+json",
                            "application/vnd.docker.distribution.manifest.list.v2+json"))
                    .GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    PushClient.expect(response, 200, "read the manifest " + repository + ":" + reference);
    return Optional.of(response.body());
  }

  /**
   * Pushes a small random linux/amd64 image (OCI config, one random layer) and tags it {@code tag}.
   */
  public PushedImage pushRandomImage(String repository, String tag) throws IOException {
    return pushImage(repository, Optional.of(tag), "amd64");
  }

  /**
   * Pushes two random images (linux/amd64 and linux/arm64, by digest) and an OCI index listing
   * them, tagged {@code tag}.
   */
  public PushedIndex pushMultiArchIndex(String repository, String tag) throws IOException {
    List<PushedImage> images = new ArrayList<>();
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      PushedImage image = pushImage(repository, Optional.empty(), arch);
      images.add(image);
      Map<String, Object> entry = image.manifest().descriptor();
      entry.put("platform", Map.of("architecture", arch, "os", "linux"));
      entries.add(entry);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    index.put("manifests", entries);
    Pushed pushed = pushManifest(repository, tag, JSON.writeValueAsBytes(index), OCI_INDEX);
    return new PushedIndex(repository, tag, pushed, List.copyOf(images));
  }

  /**
   * Pushes an OCI 1.1 artifact that refers to {@code subject} (empty config, one layer holding
   * {@code payload}, {@code artifactType}, {@code subject}) by digest, and adds it to the index
   * tagged {@code sha256-<hex of subject>} (the referrers tag schema).
   */
  public Pushed pushReferrer(
      String repository,
      Pushed subject,
      String artifactType,
      byte[] payload,
      String payloadMediaType,
      Map<String, String> annotations)
      throws IOException {
    Pushed config = pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8), OCI_EMPTY);
    Pushed layer = pushBlob(repository, payload, payloadMediaType);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("artifactType", artifactType);
    manifest.put("config", config.descriptor());
    manifest.put("layers", List.of(layer.descriptor()));
    manifest.put("subject", subject.descriptor());
    if (!annotations.isEmpty()) {
      manifest.put("annotations", annotations);
    }
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    Pushed pushed = pushManifest(repository, sha256(bytes), bytes, OCI_MANIFEST);
    addToReferrersTag(repository, subject, pushed, artifactType, annotations);
    return pushed;
  }

  /**
   * Pushes cosign's signature manifest of {@code imageDigest} as cosign stores it: tag {@code
   * sha256-<hex>.sig}, a minimal config, and one layer per signature (its payload blob, media type
   * and annotations). Replaces an earlier signature manifest of that image.
   */
  public Pushed pushCosignSignatures(
      String repository, String imageDigest, List<SignatureLayer> layers) throws IOException {
    List<Object> descriptors = new ArrayList<>();
    for (SignatureLayer layer : layers) {
      pushBlob(repository, layer.payload(), layer.mediaType());
      descriptors.add(layer.descriptor());
    }
    Pushed config =
        pushBlob(
            repository,
            "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\"}}"
                .getBytes(StandardCharsets.UTF_8),
            OCI_CONFIG);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("config", config.descriptor());
    manifest.put("layers", descriptors);
    return pushManifest(
        repository,
        imageDigest.replace(':', '-') + ".sig",
        JSON.writeValueAsBytes(manifest),
        OCI_MANIFEST);
  }

  private void addToReferrersTag(
      String repository,
      Pushed subject,
      Pushed referrer,
      String artifactType,
      Map<String, String> annotations)
      throws IOException {
    String tag = "sha256-" + subject.hex();
    List<Object> entries = new ArrayList<>();
    Optional<byte[]> existing = manifest(repository, tag);
    if (existing.isPresent()) {
      JsonNode old = JSON.readTree(existing.get());
      old.path("manifests").forEach(entries::add);
    }
    Map<String, Object> entry = referrer.descriptor();
    entry.put("artifactType", artifactType);
    if (!annotations.isEmpty()) {
      entry.put("annotations", annotations);
    }
    entries.add(entry);
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    index.put("manifests", entries);
    pushManifest(repository, tag, JSON.writeValueAsBytes(index), OCI_INDEX);
  }

  private PushedImage pushImage(String repository, Optional<String> tag, String arch)
      throws IOException {
    byte[] layerBytes = new byte[512];
    RANDOM.nextBytes(layerBytes);
    Pushed layer = pushBlob(repository, layerBytes, OCI_LAYER);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", arch);
    config.put("os", "linux");
    config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(layer.digest())));
    Pushed configBlob = pushBlob(repository, JSON.writeValueAsBytes(config), OCI_CONFIG);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("config", configBlob.descriptor());
    manifest.put("layers", List.of(layer.descriptor()));
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    Pushed pushed = pushManifest(repository, tag.orElse(sha256(bytes)), bytes, OCI_MANIFEST);
    return new PushedImage(repository, pushed, configBlob, layer);
  }

  /** {@code sha256:<hex>} of {@code content}. */
  public static String sha256(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI url(String path) {
    return base.resolve(path);
  }
}
