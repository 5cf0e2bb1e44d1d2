package dev.trustmirror.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.Pushed;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.image.ImageVerifier;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.sigstore.CosignLayer;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the verify benchmarks verify: {@code count} images, each signed keyless by its own test
 * Fulcio certificate (with SCT and Rekor SET) and key-based (ECDSA P-256 with Rekor SET), as cosign
 * stores signatures; held in memory, or pushed to a real docker-registry on 127.0.0.1 ({@code
 * sha256-<hex>.sig}). The verifiers of both policies, the clock a day after signing.
 *
 * <p>Why many images: the JDK's certificate factory interns certificates by encoding (750 of them)
 * and each certificate remembers the key that verified it, so verifying the same keyless signature
 * again skips the leaf certificate's signature check. A real miss is a new image with a new
 * certificate; cycling through more certificates than the JDK keeps measures that. {@link #close()}
 * stops the registry.
 */
final class VerdictScenario implements AutoCloseable {
  static final String ISSUER = "https://accounts.example.com";
  static final String EMAIL = "dev@example.com";
  static final String REPOSITORY = "bench/app";

  /** More than the 750 certificates the JDK's X.509 factory keeps. */
  static final int IMAGES = 800;

  /** A day after signing: only the log's integrated time makes the certificates valid. */
  static final Clock CLOCK =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)), ZoneOffset.UTC);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One signed image. */
  record Image(
      Digest digest,
      Optional<ImageReference> byDigest,
      List<CosignLayer> keyless,
      List<CosignLayer> keyBased) {}

  final Optional<DockerRegistry> registry;
  final List<Image> images;
  final SignatureVerifier keyless;
  final SignatureVerifier keyBased;
  final Optional<RegistryClient> client;

  private VerdictScenario(
      Optional<DockerRegistry> registry,
      List<Image> images,
      SignatureVerifier keyless,
      SignatureVerifier keyBased)
      throws IOException {
    this.registry = registry;
    this.images = List.copyOf(images);
    this.keyless = keyless;
    this.keyBased = keyBased;
    this.client =
        registry.isEmpty()
            ? Optional.empty()
            : Optional.of(
                RegistryClient.create(
                    RegistryClientOptions.builder()
                        .insecureRegistries(Set.of(registry.get().host()))
                        .build()));
  }

  /**
   * {@code count} signed images, pushed to a fresh docker-registry when {@code inRegistry}, else
   * only in memory.
   */
  static VerdictScenario create(int count, boolean inRegistry) throws Exception {
    SigstoreFixtures sigstore = SigstoreFixtures.create(2026, SigstoreFixtures.DEFAULT_TIME);
    TrustedRoot root = TrustedRoot.parse(sigstore.trustedRoot().toBytes(), "bench root");
    SigningKey key = sigstore.newKey(KeyAlgorithm.ECDSA_P256);
    Optional<DockerRegistry> registry =
        inRegistry ? Optional.of(DockerRegistry.start()) : Optional.empty();
    try {
      Optional<RegistryWriter> writer = registry.map(DockerRegistry::writer);
      String name = registry.map(r -> r.host()).orElse("registry.bench.test") + "/" + REPOSITORY;
      SecureRandom random = sigstore.random();
      List<Image> images = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        SignedImage signed;
        if (writer.isPresent()) {
          PushedImage pushed = writer.get().pushRandomImage(REPOSITORY, "v" + i);
          signed = new SignedImage(name, pushed.manifest().digest());
        } else {
          byte[] manifest = new byte[256];
          random.nextBytes(manifest);
          signed = SignedImage.ofManifest(name, manifest);
        }
        FulcioCertificate certificate =
            sigstore.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER));
        SignatureLayer keylessLayer = sigstore.cosign().keyless(signed, certificate);
        if (writer.isPresent()) {
          pushCosign(writer.get(), signed.digest(), keylessLayer);
        }
        images.add(
            new Image(
                Digest.parse(signed.digest()),
                writer.isPresent()
                    ? Optional.of(ImageReference.parse(name + "@" + signed.digest()))
                    : Optional.empty(),
                List.of(layer(keylessLayer)),
                List.of(layer(sigstore.cosign().keyBasedWithTlog(signed, key)))));
      }
      return new VerdictScenario(
          registry, images, keylessVerifier(root), keyBasedVerifier(root, key));
    } catch (Exception | Error e) {
      registry.ifPresent(DockerRegistry::close);
      throw e;
    }
  }

  private static SignatureVerifier keylessVerifier(TrustedRoot root) {
    return SignatureVerifier.create(
        VerificationPolicy.keyless(
            List.of(
                new KeylessIdentity(IdentityMatcher.exact(ISSUER), IdentityMatcher.exact(EMAIL))),
            false,
            root),
        CLOCK);
  }

  private static SignatureVerifier keyBasedVerifier(TrustedRoot root, SigningKey key)
      throws Exception {
    return SignatureVerifier.create(
        VerificationPolicy.keys(
            List.of(
                VerificationKey.parse(
                    key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "cosign.pub")),
            false,
            root),
        CLOCK);
  }

  /** An image verifier on the keyless policy whose cache keeps verdicts (for hits). */
  ImageVerifier cachingKeyless() {
    return ImageVerifier.create(
        client.orElseThrow(),
        DiscoveryLimits.DEFAULTS,
        keyless,
        VerdictCache.create(VerdictCacheSettings.DEFAULTS));
  }

  /** An image verifier on the keyless policy whose cache keeps nothing: every call is a miss. */
  ImageVerifier uncachedKeyless() {
    return ImageVerifier.create(
        client.orElseThrow(),
        DiscoveryLimits.DEFAULTS,
        keyless,
        VerdictCache.create(new VerdictCacheSettings(0, Duration.ZERO, Duration.ZERO)));
  }

  private static CosignLayer layer(SignatureLayer layer) {
    return new CosignLayer(layer.payload(), layer.annotations());
  }

  /** cosign's layout: an OCI manifest tagged {@code sha256-<hex>.sig}, one layer per signature. */
  private static void pushCosign(RegistryWriter writer, String imageDigest, SignatureLayer layer)
      throws IOException {
    writer.pushBlob(REPOSITORY, layer.payload(), layer.mediaType());
    Pushed config =
        writer.pushBlob(
            REPOSITORY,
            "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\"}}"
                .getBytes(StandardCharsets.UTF_8),
            RegistryWriter.OCI_CONFIG);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", RegistryWriter.OCI_MANIFEST);
    manifest.set("config", JSON.valueToTree(config.descriptor()));
    ArrayNode layers = manifest.putArray("layers");
    layers.add(layer.descriptor());
    writer.pushManifest(
        REPOSITORY,
        imageDigest.replace(':', '-') + ".sig",
        JSON.writeValueAsBytes(manifest),
        RegistryWriter.OCI_MANIFEST);
  }

  @Override
  public void close() {
    registry.ifPresent(DockerRegistry::close);
  }
}
