package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestParserTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String D3 = "sha256:" + "3".repeat(64);
  private static final long MAX = Manifest.DEFAULT_MAX_BYTES;

  private static final String OCI_MANIFEST =
      """
      {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
       "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":7},
       "layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","digest":"%s","size":250,
                  "annotations":{"dev.cosignproject.cosign/signature":"MEUC..."}}],
       "annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"}}
      """
          .formatted(D1, D2);

  private static Manifest parse(String json, String contentType) throws Exception {
    return Manifest.parse(
        json.getBytes(StandardCharsets.UTF_8), Optional.ofNullable(contentType), "test", MAX);
  }

  @Test
  void parsesAnOciManifestWithLayerAnnotations() throws Exception {
    Manifest manifest = parse(OCI_MANIFEST, MediaTypes.OCI_MANIFEST);
    assertThat(manifest).isInstanceOf(ImageManifest.class);
    ImageManifest image = (ImageManifest) manifest;
    assertThat(image.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(image.config().digest()).hasToString(D1);
    assertThat(image.config().size()).isEqualTo(7);
    assertThat(image.layers()).hasSize(1);
    assertThat(image.layers().get(0).mediaType()).isEqualTo(MediaTypes.COSIGN_SIMPLE_SIGNING);
    assertThat(image.layers().get(0).annotation("dev.cosignproject.cosign/signature"))
        .contains("MEUC...");
    assertThat(image.annotations()).containsKey("org.opencontainers.image.created");
    assertThat(image.subject()).isEmpty();
  }

  @Test
  void parsesADockerManifestListWithPlatforms() throws Exception {
    String json =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
         "manifests":[
          {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":1,
           "platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
          {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":2,
           "platform":{"architecture":"amd64","os":"linux"}}]}
        """
            .formatted(D1, D2);
    ImageIndex index = (ImageIndex) parse(json, "application/json; charset=utf-8");
    assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(index.manifests()).hasSize(2);
    assertThat(index.manifests().get(0).platform())
        .map(Platform::toString)
        .contains("linux/arm64/v8");
  }

  @Test
  void parsesAnArtifactWithSubjectAndArtifactType() throws Exception {
    String json =
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json",
         "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
         "layers":[{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","digest":"%s","size":10}],
         "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":400}}
        """
            .formatted(D1, D2, D3);
    ImageManifest artifact = (ImageManifest) parse(json, null);
    assertThat(artifact.artifactType()).contains(MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(artifact.subject()).map(d -> d.digest().toString()).contains(D3);
  }

  @Test
  void infersTheKindWhenNeitherFieldNorHeaderNamesIt() throws Exception {
    assertThat(parse("{\"schemaVersion\":2,\"manifests\":[]}", null).mediaType())
        .isEqualTo(MediaTypes.OCI_INDEX);
    String manifest =
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a/b\",\"digest\":\"%s\",\"size\":0},\"layers\":[]}"
            .formatted(D1);
    assertThat(parse(manifest, "application/octet-stream").mediaType())
        .isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(parse(manifest, MediaTypes.DOCKER_MANIFEST).mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  static Stream<Arguments> hostile() {
    String config = "\"config\":{\"mediaType\":\"a/b\",\"digest\":\"" + D1 + "\",\"size\":1}";
    String layers = "\"layers\":[]";
    String head = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",";
    return Stream.of(
        Arguments.of("", null, MalformedManifestException.Rule.NOT_JSON, null),
        Arguments.of("not json", null, MalformedManifestException.Rule.NOT_JSON, null),
        Arguments.of("{\"schemaVersion\":2", null, MalformedManifestException.Rule.NOT_JSON, null),
        Arguments.of(
            head + config + "," + layers + "} {}",
            null,
            MalformedManifestException.Rule.NOT_JSON,
            null),
        Arguments.of(
            "[".repeat(100) + "]".repeat(100),
            null,
            MalformedManifestException.Rule.NOT_JSON,
            null),
        Arguments.of(
            "{\"schemaVersion\":2,\"schemaVersion\":2}",
            null,
            MalformedManifestException.Rule.DUPLICATE_KEY,
            null),
        Arguments.of(
            head + config + "," + config + "," + layers + "}",
            null,
            MalformedManifestException.Rule.DUPLICATE_KEY,
            null),
        Arguments.of("[]", null, MalformedManifestException.Rule.WRONG_TYPE, ""),
        Arguments.of("\"a string\"", null, MalformedManifestException.Rule.WRONG_TYPE, ""),
        Arguments.of(
            "{\"schemaVersion\":1,\"manifests\":[]}",
            null,
            MalformedManifestException.Rule.SCHEMA_VERSION,
            "/schemaVersion"),
        Arguments.of(
            "{\"schemaVersion\":\"2\",\"manifests\":[]}",
            null,
            MalformedManifestException.Rule.SCHEMA_VERSION,
            "/schemaVersion"),
        Arguments.of(
            "{\"schemaVersion\":2.0,\"manifests\":[]}",
            null,
            MalformedManifestException.Rule.SCHEMA_VERSION,
            "/schemaVersion"),
        Arguments.of(
            "{\"manifests\":[]}",
            null,
            MalformedManifestException.Rule.SCHEMA_VERSION,
            "/schemaVersion"),
        Arguments.of(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\"}",
            null,
            MalformedManifestException.Rule.UNKNOWN_MEDIA_TYPE,
            "/mediaType"),
        Arguments.of(
            "{\"schemaVersion\":2," + config + "," + layers + "}",
            "application/vnd.docker.distribution.manifest.v1+json",
            MalformedManifestException.Rule.UNKNOWN_MEDIA_TYPE,
            null),
        Arguments.of(
            "{\"schemaVersion\":2,\"mediaType\":7}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/mediaType"),
        Arguments.of(
            head + config + "," + layers + "}",
            MediaTypes.OCI_INDEX,
            MalformedManifestException.Rule.MEDIA_TYPE_CONFLICT,
            "/mediaType"),
        Arguments.of(
            head + config + "," + layers + ",\"manifests\":[]}",
            null,
            MalformedManifestException.Rule.KIND_CONFLICT,
            ""),
        Arguments.of(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":[],"
                + layers
                + "}",
            null,
            MalformedManifestException.Rule.KIND_CONFLICT,
            ""),
        Arguments.of(
            head + layers + "}", null, MalformedManifestException.Rule.MISSING_FIELD, "/config"),
        Arguments.of(
            head + config + "}", null, MalformedManifestException.Rule.MISSING_FIELD, "/layers"),
        Arguments.of(
            head + config + ",\"layers\":{}}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/layers"),
        Arguments.of(
            head + config + ",\"layers\":[7]}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/layers/0"),
        Arguments.of(
            head
                + "\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:abc\",\"size\":1},"
                + layers
                + "}",
            null,
            MalformedManifestException.Rule.BAD_DIGEST,
            "/config/digest"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D2.toUpperCase()
                + "\",\"size\":1}]}",
            null,
            MalformedManifestException.Rule.BAD_DIGEST,
            "/layers/0/digest"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D2
                + "\",\"size\":-1}]}",
            null,
            MalformedManifestException.Rule.NEGATIVE_SIZE,
            "/layers/0/size"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D2
                + "\",\"size\":1.5}]}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/layers/0/size"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D2
                + "\",\"size\":\"1\"}]}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/layers/0/size"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D2
                + "\",\"size\":99999999999999999999}]}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/layers/0/size"),
        Arguments.of(
            head + config + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\"" + D2 + "\"}]}",
            null,
            MalformedManifestException.Rule.MISSING_FIELD,
            "/layers/0/size"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"no slash\",\"digest\":\""
                + D2
                + "\",\"size\":1}]}",
            null,
            MalformedManifestException.Rule.UNKNOWN_MEDIA_TYPE,
            "/layers/0/mediaType"),
        Arguments.of(
            head + config + ",\"layers\":[{\"digest\":\"" + D2 + "\",\"size\":1}]}",
            null,
            MalformedManifestException.Rule.MISSING_FIELD,
            "/layers/0/mediaType"),
        Arguments.of(
            head
                + config
                + ",\"layers\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D2
                + "\",\"size\":1,\"annotations\":{\"k/x\":1}}]}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/layers/0/annotations/k~1x"),
        Arguments.of(
            head + config + "," + layers + ",\"annotations\":[]}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/annotations"),
        Arguments.of(
            head + config + "," + layers + ",\"subject\":\"" + D3 + "\"}",
            null,
            MalformedManifestException.Rule.WRONG_TYPE,
            "/subject"),
        Arguments.of(
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\""
                + D1
                + "\",\"size\":1,\"platform\":{\"os\":\"linux\"}}]}",
            null,
            MalformedManifestException.Rule.MISSING_FIELD,
            "/manifests/0/platform/architecture"));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void refusesMalformedManifestsWithRuleAndField(
      String json, String contentType, MalformedManifestException.Rule rule, String field) {
    assertThatThrownBy(() -> parse(json, contentType))
        .isInstanceOfSatisfying(
            MalformedManifestException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(Optional.ofNullable(field));
              assertThat(e.location()).isEqualTo("test");
              assertThat(e.reason()).isEqualTo("MalformedManifest");
            });
  }

  @Test
  void refusesInputOverTheLimitBeforeParsing() {
    byte[] big = new byte[101];
    assertThatThrownBy(() -> Manifest.parse(big, Optional.empty(), "test", 100))
        .isInstanceOfSatisfying(
            ContentTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(100));
  }

  @Test
  void manifestContentChecksTheDigestBeforeParsing() throws Exception {
    byte[] bytes = OCI_MANIFEST.getBytes(StandardCharsets.UTF_8);
    Digest right = Digest.sha256(bytes);
    ManifestContent content = ManifestContent.of(right, bytes, Optional.empty(), "test", MAX);
    assertThat(content.digest()).isEqualTo(right);
    assertThat(content.bytes()).isEqualTo(bytes);
    assertThat(content.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);

    Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                ManifestContent.of(
                    wrong,
                    "garbage".getBytes(StandardCharsets.UTF_8),
                    Optional.empty(),
                    "test",
                    MAX))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> {
              assertThat(e.source()).isEqualTo(DigestMismatchException.Source.CONTENT);
              assertThat(e.expected()).isEqualTo(wrong);
              assertThat(e.found())
                  .isEqualTo(Digest.sha256("garbage".getBytes(StandardCharsets.UTF_8)));
            });
  }

  @Test
  void keepsTheExactBytesNotAReserialization() throws Exception {
    String spaced = OCI_MANIFEST.replace(",", " ,\n  ");
    byte[] bytes = spaced.getBytes(StandardCharsets.UTF_8);
    ManifestContent content =
        ManifestContent.of(Digest.sha256(bytes), bytes, Optional.empty(), "test", MAX);
    assertThat(content.bytes()).isEqualTo(bytes);
    assertThat(content.size()).isEqualTo(bytes.length);
  }
}
