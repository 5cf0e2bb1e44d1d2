package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedIndex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry client against a real docker-registry (distribution 2.8) on 127.0.0.1. */
class RegistryClientIT {
  private static DockerRegistry registry;
  private static RegistryWriter writer;
  private static RegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    writer = registry.writer();
    client =
        RegistryClient.create(
            RegistryClientOptions.builder().insecureRegistries(Set.of(registry.host())).build());
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static ImageReference ref(String rest) throws InvalidReferenceException {
    return ImageReference.parse(registry.host() + "/" + rest);
  }

  @Test
  void resolvesATagToTheSha256OfThePushedManifest() throws Exception {
    PushedImage image = writer.pushRandomImage("team/app", "v1");
    Digest digest = client.resolve(ref("team/app:v1"));
    assertThat(digest).hasToString(image.manifest().digest());
    assertThat(digest).isEqualTo(Digest.sha256(image.manifest().bytes()));
  }

  @Test
  void resolvesADigestReferenceToItselfOnceItExists() throws Exception {
    PushedImage image = writer.pushRandomImage("team/pinned", "v1");
    Digest digest = Digest.parse(image.manifest().digest());
    assertThat(client.resolve(ref("team/pinned@" + digest))).isEqualTo(digest);
    assertThat(client.resolve(ref("team/pinned:ignored-tag@" + digest))).isEqualTo(digest);

    Digest missing = Digest.sha256("no such manifest".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> client.resolve(ref("team/pinned@" + missing)))
        .isInstanceOfSatisfying(
            RegistryNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryNotFoundException.Kind.MANIFEST);
              assertThat(e.reference()).isEqualTo(missing.toString());
            });
  }

  /**
   * One client shared by many threads (as the webhook shares it): every answer is the right one,
   * and nothing stalls although the client runs its completions without a thread pool of its own.
   */
  @Test
  void servesConcurrentCallersFromOneClient() throws Exception {
    List<PushedImage> images = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      images.add(writer.pushRandomImage("team/concurrent", "v" + i));
    }
    java.util.concurrent.ExecutorService callers =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
      for (int call = 0; call < 400; call++) {
        PushedImage image = images.get(call % images.size());
        int tag = call % images.size();
        answers.add(
            callers.submit(
                () -> {
                  Digest digest = Digest.parse(image.manifest().digest());
                  ManifestContent content =
                      client.manifest(ref("team/concurrent").repository(), digest);
                  return client.resolve(ref("team/concurrent:v" + tag)).equals(digest)
                      && java.util.Arrays.equals(content.bytes(), image.manifest().bytes());
                }));
      }
      for (java.util.concurrent.Future<Boolean> answer : answers) {
        assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void resolvesAMultiArchIndexToTheIndexDigest() throws Exception {
    PushedIndex index = writer.pushMultiArchIndex("team/multi", "v2");
    Digest digest = client.resolve(ref("team/multi:v2"));
    assertThat(digest).hasToString(index.index().digest());

    ManifestContent content = client.manifest(ref("team/multi").repository(), digest);
    assertThat(content.bytes()).isEqualTo(index.index().bytes());
    assertThat(content.manifest())
        .isInstanceOfSatisfying(
            ImageIndex.class,
            parsed -> {
              assertThat(parsed.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
              assertThat(parsed.manifests())
                  .extracting(d -> d.digest().toString())
                  .containsExactly(
                      index.images().get(0).manifest().digest(),
                      index.images().get(1).manifest().digest());
              assertThat(parsed.manifests().get(1).platform())
                  .map(Platform::toString)
                  .contains("linux/arm64");
            });
  }

  @Test
  void readsManifestsByDigestAndTagWithTheirExactBytes() throws Exception {
    PushedImage image = writer.pushRandomImage("team/read", "v3");
    Repository repository = ref("team/read").repository();
    ManifestContent byDigest = client.manifest(repository, Digest.parse(image.manifest().digest()));
    ManifestContent byTag = client.manifest(repository, Tag.parse("v3"));
    assertThat(byDigest.bytes()).isEqualTo(image.manifest().bytes());
    assertThat(byTag.digest()).isEqualTo(byDigest.digest());
    assertThat(byTag.manifest())
        .isInstanceOfSatisfying(
            ImageManifest.class,
            m ->
                assertThat(m.layers())
                    .extracting(d -> d.digest().toString())
                    .containsExactly(image.layer().digest()));
  }

  @Test
  void readsABlobAndChecksItsDigest() throws Exception {
    PushedImage image = writer.pushRandomImage("team/blob", "v1");
    Repository repository = ref("team/blob").repository();
    byte[] layer = client.blob(repository, Digest.parse(image.layer().digest()), 1024);
    assertThat(layer).isEqualTo(image.layer().bytes());

    assertThatThrownBy(() -> client.blob(repository, Digest.parse(image.layer().digest()), 100))
        .isInstanceOfSatisfying(
            ContentTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(100));
    Digest missing = Digest.sha256("absent".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> client.blob(repository, missing, 1024))
        .isInstanceOfSatisfying(
            RegistryNotFoundException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryNotFoundException.Kind.BLOB));
  }

  @Test
  void anUnknownTagIsATypedNotFound() throws Exception {
    writer.pushRandomImage("team/tags", "present");
    Repository repository = ref("team/tags").repository();
    assertThatThrownBy(() -> client.resolve(ref("team/tags:absent")))
        .isInstanceOfSatisfying(
            RegistryNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryNotFoundException.Kind.MANIFEST);
              assertThat(e.repository()).isEqualTo(repository);
              assertThat(e.reference()).isEqualTo("absent");
            });
    assertThatThrownBy(() -> client.resolve(ref("team/never-pushed:v1")))
        .isInstanceOf(RegistryNotFoundException.class);
    assertThat(client.tagManifest(repository, Tag.parse("absent"))).isEmpty();
  }

  @Test
  void findsACosignStyleSignatureTag() throws Exception {
    PushedImage image = writer.pushRandomImage("team/signed", "v1");
    Digest digest = client.resolve(ref("team/signed:v1"));
    Repository repository = ref("team/signed").repository();
    assertThat(client.tagManifest(repository, Tag.cosignSignature(digest))).isEmpty();

    // A stand-in signature manifest: the format is the signer's business; the lookup is ours.
    PushedImage signature =
        writer.pushRandomImage("team/signed", Tag.cosignSignature(digest).name());
    Optional<ManifestContent> found = client.tagManifest(repository, Tag.cosignSignature(digest));
    assertThat(found)
        .map(ManifestContent::digest)
        .contains(Digest.parse(signature.manifest().digest()));
    assertThat(image.manifest().digest()).isNotEqualTo(signature.manifest().digest());
  }

  @Test
  void listsReferrersThroughTheTagSchemaFallback() throws Exception {
    PushedImage image = writer.pushRandomImage("team/referred", "v1");
    Repository repository = ref("team/referred").repository();
    Digest subject = Digest.parse(image.manifest().digest());
    assertThat(client.referrers(repository, subject, Optional.empty())).isEmpty();

    RegistryWriter.Pushed bundle =
        writer.pushReferrer(
            "team/referred",
            image.manifest(),
            MediaTypes.SIGSTORE_BUNDLE_V03,
            "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}"
                .getBytes(StandardCharsets.UTF_8),
            MediaTypes.SIGSTORE_BUNDLE_V03,
            Map.of("dev.sigstore.bundle.predicateType", "https://sigstore.dev/cosign/sign/v1"));
    RegistryWriter.Pushed sbom =
        writer.pushReferrer(
            "team/referred",
            image.manifest(),
            "application/spdx+json",
            "{}".getBytes(StandardCharsets.UTF_8),
            "application/spdx+json",
            Map.of());

    List<Descriptor> all = client.referrers(repository, subject, Optional.empty());
    assertThat(all)
        .extracting(d -> d.digest().toString())
        .containsExactly(bundle.digest(), sbom.digest());
    List<Descriptor> bundles =
        client.referrers(repository, subject, Optional.of(MediaTypes.SIGSTORE_BUNDLE_V03));
    assertThat(bundles)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.digest()).hasToString(bundle.digest());
              assertThat(d.artifactType()).contains(MediaTypes.SIGSTORE_BUNDLE_V03);
              assertThat(d.annotation("dev.sigstore.bundle.predicateType"))
                  .contains("https://sigstore.dev/cosign/sign/v1");
            });
    // The referrer itself, read by digest, names the image as its subject.
    ManifestContent referrer = client.manifest(repository, bundles.get(0).digest());
    assertThat(referrer.manifest().subject()).map(Descriptor::digest).contains(subject);
    // docker-registry 2.8 has no referrers API: the fallback was used.
    assertThat(registry.log()).contains("/referrers/" + subject);
  }

  @Test
  void refusesPlainHttpUnlessTheRegistryIsListedAsInsecure() throws Exception {
    writer.pushRandomImage("team/plain", "v1");
    RegistryClient strict = RegistryClient.create(RegistryClientOptions.defaults());
    assertThatThrownBy(() -> strict.resolve(ref("team/plain:v1")))
        .isInstanceOfSatisfying(
            TransportSecurityException.class,
            e -> {
              assertThat(e.rule())
                  .isEqualTo(TransportSecurityException.Rule.PLAIN_HTTP_NOT_ALLOWED);
              assertThat(e.host()).isEqualTo(registry.host());
              assertThat(e.getMessage()).contains("--insecure-registry " + registry.host());
            });
  }
}
