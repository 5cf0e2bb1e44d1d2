package dev.trustmirror.verifier.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.Pushed;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedIndex;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.discovery.DiscoveryProblem.Rule;
import dev.trustmirror.verifier.discovery.DiscoveryProblem.Source;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryAuthException;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryUnavailableException;
import dev.trustmirror.verifier.registry.Repository;
import dev.trustmirror.verifier.sigstore.CosignLayer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signature discovery against a real docker-registry (distribution 2.8, no referrers API) on
 * 127.0.0.1: cosign's {@code .sig} tag and bundles attached as referrers (tag schema), and every
 * way a signature the registry holds can be unusable, each a typed problem.
 */
class SignatureDiscoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(11, SigstoreFixtures.DEFAULT_TIME);

  private static DockerRegistry registry;
  private static RegistryWriter writer;
  private static RegistryClient client;
  private static FulcioCertificate certificate;
  private static SigningKey key;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    writer = registry.writer();
    client =
        RegistryClient.create(
            RegistryClientOptions.builder().insecureRegistries(Set.of(registry.host())).build());
    certificate =
        SIGSTORE.fulcio().issue(LeafRequest.of(Identity.email("dev@example.com"), "https://oidc"));
    key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static SignatureDiscovery discovery() {
    return SignatureDiscovery.create(client, DiscoveryLimits.DEFAULTS);
  }

  private static Repository repository(String path) throws Exception {
    return ImageReference.parse(registry.host() + "/" + path).repository();
  }

  private static SignedImage signed(String path, PushedImage image) {
    return new SignedImage(registry.host() + "/" + path, image.manifest().digest());
  }

  private static Digest digest(Pushed pushed) throws Exception {
    return Digest.parse(pushed.digest());
  }

  @Test
  void readsEveryCosignLayerWithItsExactPayloadAndAnnotations() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/cosign", "v1");
    SignatureLayer keyless = SIGSTORE.cosign().keyless(signed("disc/cosign", image), certificate);
    SignatureLayer keyBased = SIGSTORE.cosign().keyBased(signed("disc/cosign", image), key);
    SignaturePushes.pushCosign(
        writer, "disc/cosign", image.manifest().digest(), List.of(keyless, keyBased));

    DiscoveredSignatures found =
        discovery().discover(repository("disc/cosign"), digest(image.manifest()));

    assertThat(found.problems()).isEmpty();
    assertThat(found.bundles()).isEmpty();
    assertThat(found.cosignLayers()).hasSize(2);
    assertLayer(found.cosignLayers().get(0), keyless);
    assertLayer(found.cosignLayers().get(1), keyBased);
  }

  private static void assertLayer(CosignLayer found, SignatureLayer pushed) {
    assertThat(found.payload()).isEqualTo(pushed.payload());
    assertThat(found.annotations()).isEqualTo(pushed.annotations());
  }

  @Test
  void findsNothingForAnUnsignedImage() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/unsigned", "v1");

    DiscoveredSignatures found =
        discovery().discover(repository("disc/unsigned"), digest(image.manifest()));

    assertThat(found.count()).isZero();
    assertThat(found.problems()).isEmpty();
  }

  @Test
  void readsABundleAttachedAsReferrerThroughTheReferrersTagSchema() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/bundle", "v1");
    String bundle = SIGSTORE.bundles().messageSignature(signed("disc/bundle", image), certificate);
    SignaturePushes.pushBundle(writer, "disc/bundle", image.manifest(), bundle);
    // Another artifact type is not a signature.
    writer.pushReferrer(
        "disc/bundle",
        image.manifest(),
        "application/vnd.example.sbom+json",
        "{}".getBytes(StandardCharsets.UTF_8),
        "application/vnd.example.sbom+json",
        Map.of());

    DiscoveredSignatures found =
        discovery().discover(repository("disc/bundle"), digest(image.manifest()));

    assertThat(found.problems()).isEmpty();
    assertThat(found.cosignLayers()).isEmpty();
    assertThat(found.bundles()).hasSize(1);
    assertThat(SignaturePushes.text(found.bundles().get(0))).isEqualTo(bundle);
  }

  @Test
  void readsTheSignaturesOfTheIndexDigestOfAMultiArchImage() throws Exception {
    PushedIndex index = writer.pushMultiArchIndex("disc/multi", "v1");
    SignedImage signedIndex =
        new SignedImage(registry.host() + "/disc/multi", index.index().digest());
    SignaturePushes.pushCosign(
        writer,
        "disc/multi",
        index.index().digest(),
        List.of(SIGSTORE.cosign().keyBased(signedIndex, key)));

    assertThat(discovery().discover(repository("disc/multi"), digest(index.index())).count())
        .isEqualTo(1);
    // The platform manifests are not signed: cosign signs what the tag resolves to, the index.
    assertThat(
            discovery()
                .discover(repository("disc/multi"), digest(index.images().get(0).manifest()))
                .count())
        .isZero();
  }

  @Test
  void skipsLayersThatAreNotSimpleSigningPayloads() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/mixed", "v1");
    SignatureLayer good = SIGSTORE.cosign().keyBased(signed("disc/mixed", image), key);
    SignatureLayer other =
        new SignatureLayer(
            "application/vnd.example.note+json",
            "{\"note\":1}".getBytes(StandardCharsets.UTF_8),
            Map.of());
    SignaturePushes.pushCosign(
        writer, "disc/mixed", image.manifest().digest(), List.of(other, good));

    DiscoveredSignatures found =
        discovery().discover(repository("disc/mixed"), digest(image.manifest()));

    assertThat(found.problems()).isEmpty();
    assertThat(found.cosignLayers()).hasSize(1);
    assertLayer(found.cosignLayers().get(0), good);
  }

  @Test
  void readsAtMostMaxSignaturesAndSaysSo() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/many", "v1");
    SignedImage signed = signed("disc/many", image);
    List<SignatureLayer> layers =
        List.of(
            SIGSTORE.cosign().keyBased(signed, key),
            SIGSTORE.cosign().keyBased(signed, SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256)),
            SIGSTORE.cosign().keyBased(signed, SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256)));
    SignaturePushes.pushCosign(writer, "disc/many", image.manifest().digest(), layers);
    SignaturePushes.pushBundle(
        writer,
        "disc/many",
        image.manifest(),
        SIGSTORE.bundles().messageSignature(signed, certificate));

    DiscoveredSignatures found =
        SignatureDiscovery.create(client, new DiscoveryLimits(2, 64 * 1024, 256 * 1024))
            .discover(repository("disc/many"), digest(image.manifest()));

    assertThat(found.cosignLayers()).hasSize(2);
    assertLayer(found.cosignLayers().get(1), layers.get(1));
    assertThat(found.bundles()).isEmpty();
    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Source.COSIGN, Rule.TOO_MANY_SIGNATURES),
            org.assertj.core.groups.Tuple.tuple(Source.REFERRERS, Rule.TOO_MANY_SIGNATURES));
  }

  @Test
  void refusesAnAnnouncedOversizePayloadWithoutDownloadingIt() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/large", "v1");
    SignatureLayer layer = SIGSTORE.cosign().keyBased(signed("disc/large", image), key);
    SignaturePushes.pushCosign(writer, "disc/large", image.manifest().digest(), List.of(layer));
    int size = layer.payload().length;

    DiscoveredSignatures found =
        SignatureDiscovery.create(client, new DiscoveryLimits(8, size - 1, 1024))
            .discover(repository("disc/large"), digest(image.manifest()));

    assertThat(found.cosignLayers()).isEmpty();
    assertThat(found.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(Source.COSIGN);
              assertThat(p.rule()).isEqualTo(Rule.TOO_LARGE);
            });
    // The access log has the signature manifest's GET, and none of the blob.
    assertThat(registry.log())
        .contains(
            "GET /v2/disc/large/manifests/"
                + SignaturePushes.signatureTag(image.manifest().digest()))
        .doesNotContain("GET /v2/disc/large/blobs/" + layer.payloadDigest());
    // At the limit it is read.
    assertThat(
            SignatureDiscovery.create(client, new DiscoveryLimits(8, size, 1024))
                .discover(repository("disc/large"), digest(image.manifest()))
                .cosignLayers())
        .hasSize(1);
  }

  @Test
  void refusesASignatureTagThatHoldsAnIndex() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/sigindex", "v1");
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", RegistryWriter.OCI_INDEX);
    index.putArray("manifests").add(JSON.valueToTree(image.manifest().descriptor()));
    writer.pushManifest(
        "disc/sigindex",
        SignaturePushes.signatureTag(image.manifest().digest()),
        JSON.writeValueAsBytes(index),
        RegistryWriter.OCI_INDEX);

    DiscoveredSignatures found =
        discovery().discover(repository("disc/sigindex"), digest(image.manifest()));

    assertThat(found.count()).isZero();
    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Source.COSIGN, Rule.NOT_A_MANIFEST));
  }

  @Test
  void refusesAPayloadBlobTheRegistryServesWithOtherBytes() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/tampered", "v1");
    SignatureLayer layer = SIGSTORE.cosign().keyBased(signed("disc/tampered", image), key);
    SignaturePushes.pushCosign(writer, "disc/tampered", image.manifest().digest(), List.of(layer));
    SignaturePushes.corruptBlob(registry, layer.payloadDigest());

    DiscoveredSignatures found =
        discovery().discover(repository("disc/tampered"), digest(image.manifest()));

    assertThat(found.cosignLayers()).isEmpty();
    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Source.COSIGN, Rule.DIGEST_MISMATCH));
  }

  @Test
  void refusesAPayloadBlobTheRegistryNoLongerHas() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/missing", "v1");
    SignatureLayer layer = SIGSTORE.cosign().keyBased(signed("disc/missing", image), key);
    SignaturePushes.pushCosign(writer, "disc/missing", image.manifest().digest(), List.of(layer));
    SignaturePushes.deleteBlob(registry, layer.payloadDigest());

    DiscoveredSignatures found =
        discovery().discover(repository("disc/missing"), digest(image.manifest()));

    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Source.COSIGN, Rule.MISSING_CONTENT));
  }

  @Test
  void refusesAReferrerWhoseSubjectIsAnotherImage() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/subject", "v1");
    PushedImage other = writer.pushRandomImage("disc/subject", "other");
    Pushed referrer =
        SignaturePushes.pushBundle(
            writer,
            "disc/subject",
            other.manifest(),
            SIGSTORE.bundles().messageSignature(signed("disc/subject", other), certificate));
    // The registry lists other's referrer for image: the list is only the registry's word.
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", RegistryWriter.OCI_INDEX);
    ObjectNode entry = JSON.valueToTree(referrer.descriptor());
    entry.put("artifactType", SignaturePushes.BUNDLE_TYPE);
    index.putArray("manifests").add(entry);
    writer.pushManifest(
        "disc/subject",
        image.manifest().digest().replace(':', '-'),
        JSON.writeValueAsBytes(index),
        RegistryWriter.OCI_INDEX);

    DiscoveredSignatures found =
        discovery().discover(repository("disc/subject"), digest(image.manifest()));

    assertThat(found.bundles()).isEmpty();
    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Source.REFERRERS, Rule.SUBJECT_MISMATCH));
  }

  @Test
  void refusesABundleReferrerWithoutABundleLayer() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/nolayer", "v1");
    writer.pushReferrer(
        "disc/nolayer",
        image.manifest(),
        SignaturePushes.BUNDLE_TYPE,
        "not a bundle".getBytes(StandardCharsets.UTF_8),
        "application/octet-stream",
        Map.of());

    DiscoveredSignatures found =
        discovery().discover(repository("disc/nolayer"), digest(image.manifest()));

    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Source.REFERRERS, Rule.NO_BUNDLE_LAYER));
  }

  @Test
  void refusesAReferrersTagThatHoldsAManifest() throws Exception {
    PushedImage image = writer.pushRandomImage("disc/reftag", "v1");
    // The tag schema's sha256-<hex> must be an index; here it is an image manifest.
    writer.pushManifest(
        "disc/reftag",
        image.manifest().digest().replace(':', '-'),
        image.manifest().bytes(),
        RegistryWriter.OCI_MANIFEST);

    DiscoveredSignatures found =
        discovery().discover(repository("disc/reftag"), digest(image.manifest()));

    assertThat(found.problems())
        .extracting(DiscoveryProblem::source, DiscoveryProblem::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Source.REFERRERS, Rule.NOT_A_MANIFEST));
  }

  @Test
  void letsARefusedAuthenticationThroughInsteadOfCallingItAProblem() throws Exception {
    try (DockerRegistry locked = DockerRegistry.builder().basicAuth("alice", "s3cret").start()) {
      PushedImage image = locked.writer().pushRandomImage("disc/locked", "v1");
      RegistryClient anonymous =
          RegistryClient.create(
              RegistryClientOptions.builder().insecureRegistries(Set.of(locked.host())).build());

      assertThatThrownBy(
              () ->
                  SignatureDiscovery.create(anonymous, DiscoveryLimits.DEFAULTS)
                      .discover(
                          ImageReference.parse(locked.host() + "/disc/locked").repository(),
                          digest(image.manifest())))
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REQUIRED));
    }
  }

  @Test
  void letsATransportFailureThrough() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String host = "127.0.0.1:" + port;
    RegistryClient unreachable =
        RegistryClient.create(
            RegistryClientOptions.builder()
                .insecureRegistries(Set.of(host))
                .retries(0)
                .connectTimeout(Duration.ofSeconds(2))
                .build());

    assertThatThrownBy(
            () ->
                SignatureDiscovery.create(unreachable, DiscoveryLimits.DEFAULTS)
                    .discover(
                        ImageReference.parse(host + "/disc/down").repository(),
                        Digest.sha256("x".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(RegistryUnavailableException.class);
  }
}
