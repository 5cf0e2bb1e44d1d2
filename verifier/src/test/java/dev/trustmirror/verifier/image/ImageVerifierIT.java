package dev.trustmirror.verifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedIndex;
import dev.trustmirror.testkit.sigstore.CosignBreakage;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.sigstore.TrustedRootBuilder;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.discovery.SignaturePushes;
import dev.trustmirror.verifier.image.ImageVerification.Outcome;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryAuthException;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.registry.RegistryNotFoundException;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.TimeSource;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageVerifier} end to end against a real docker-registry on 127.0.0.1: resolve, discover,
 * verify, cache; the registry's failures as their own outcomes; a rotated trusted root never served
 * an old verdict.
 */
class ImageVerifierIT {
  private static final String ISSUER = "https://accounts.example.com";
  private static final String EMAIL = "dev@example.com";

  /** A day after signing: the 10-minute certificates are valid only at their log time. */
  private static final Clock LATER =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)), ZoneOffset.UTC);

  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(21, SigstoreFixtures.DEFAULT_TIME);

  private static DockerRegistry registry;
  private static RegistryWriter writer;
  private static RegistryClient client;
  private static TrustedRoot trustedRoot;
  private static FulcioCertificate certificate;
  private static SigningKey key;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.start();
    writer = registry.writer();
    client = client(registry.host());
    trustedRoot = TrustedRoot.parse(SIGSTORE.trustedRoot().toBytes(), "testkit root");
    certificate = SIGSTORE.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER));
    key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static RegistryClient client(String host) throws Exception {
    return RegistryClient.create(
        RegistryClientOptions.builder()
            .insecureRegistries(Set.of(host))
            .retries(0)
            .connectTimeout(Duration.ofSeconds(3))
            .build());
  }

  private static VerificationPolicy keyless(TrustedRoot root) {
    return VerificationPolicy.keyless(
        List.of(new KeylessIdentity(IdentityMatcher.exact(ISSUER), IdentityMatcher.exact(EMAIL))),
        false,
        root);
  }

  private static VerificationPolicy keyPolicy(SigningKey... keys) {
    return VerificationPolicy.keys(
        java.util.Arrays.stream(keys)
            .map(
                k -> {
                  try {
                    return VerificationKey.parse(
                        k.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "cosign.pub");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList(),
        false,
        trustedRoot);
  }

  private static ImageVerifier verifier(
      RegistryClient registryClient, VerificationPolicy policy, VerdictCache cache) {
    return ImageVerifier.create(
        registryClient, DiscoveryLimits.DEFAULTS, SignatureVerifier.create(policy, LATER), cache);
  }

  private static VerdictCache cache() {
    return VerdictCache.create(VerdictCacheSettings.DEFAULTS);
  }

  private static ImageReference ref(String rest) throws Exception {
    return ImageReference.parse(registry.host() + "/" + rest);
  }

  private static SignedImage signed(String path, String digest) {
    return new SignedImage(registry.host() + "/" + path, digest);
  }

  private static PushedImage signedImage(String path, SignatureLayer... layers) throws Exception {
    PushedImage image = writer.pushRandomImage(path, "v1");
    SignaturePushes.pushCosign(writer, path, image.manifest().digest(), List.of(layers));
    return image;
  }

  @Test
  void verifiesAKeylessSignatureByTagThenServesTheVerdictFromTheCache() throws Exception {
    PushedImage image = writer.pushRandomImage("iv/keyless", "v1");
    SignaturePushes.pushCosign(
        writer,
        "iv/keyless",
        image.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .keyless(signed("iv/keyless", image.manifest().digest()), certificate)));
    ImageVerifier verifier = verifier(client, keyless(trustedRoot), cache());

    ImageVerification first = verifier.verify(ref("iv/keyless:v1"));
    ImageVerification second = verifier.verify(ref("iv/keyless:v1"));

    assertThat(first.outcome()).isEqualTo(Outcome.VERIFIED);
    assertThat(first)
        .isInstanceOfSatisfying(
            ImageVerification.Judged.class,
            judged -> {
              assertThat(judged.fromCache()).isFalse();
              assertThat(judged.digest()).hasToString(image.manifest().digest());
              Verdict.Match match = judged.verdict().match().orElseThrow();
              assertThat(match.authority())
                  .isEqualTo("keyless issuer=" + ISSUER + "/subject=" + EMAIL);
              assertThat(match.timeSource()).isEqualTo(TimeSource.TLOG);
              assertThat(match.signingTime()).isEqualTo(SigstoreFixtures.DEFAULT_TIME);
            });
    assertThat(second)
        .isInstanceOfSatisfying(
            ImageVerification.Judged.class, judged -> assertThat(judged.fromCache()).isTrue());
  }

  @Test
  void servesACachedVerdictForADigestReferenceWithoutTheRegistry() throws Exception {
    VerdictCache cache = cache();
    ImageReference byDigest;
    ImageReference byTag;
    ImageVerifier verifier;
    try (DockerRegistry own = DockerRegistry.start()) {
      PushedImage image = own.writer().pushRandomImage("iv/pinned", "v1");
      SignaturePushes.pushCosign(
          own.writer(),
          "iv/pinned",
          image.manifest().digest(),
          List.of(
              SIGSTORE
                  .cosign()
                  .keyBasedWithTlog(
                      new SignedImage(own.host() + "/iv/pinned", image.manifest().digest()), key)));
      byDigest = ImageReference.parse(own.host() + "/iv/pinned@" + image.manifest().digest());
      byTag = ImageReference.parse(own.host() + "/iv/pinned:v1");
      verifier = verifier(client(own.host()), keyPolicy(key), cache);
      assertThat(verifier.verify(byDigest).outcome()).isEqualTo(Outcome.VERIFIED);
    }

    // The registry is gone: the digest's verdict is still known, the tag cannot be resolved.
    ImageVerification cached = verifier.verify(byDigest);
    assertThat(cached.outcome()).isEqualTo(Outcome.VERIFIED);
    assertThat(((ImageVerification.Judged) cached).fromCache()).isTrue();
    assertThat(verifier.verify(byTag).outcome()).isEqualTo(Outcome.REGISTRY_UNAVAILABLE);
  }

  @Test
  void neverCachesAnUnavailableRegistry() throws Exception {
    String host;
    try (DockerRegistry gone = DockerRegistry.start()) {
      host = gone.host();
    }
    VerdictCache cache = cache();
    ImageVerifier verifier = verifier(client(host), keyPolicy(key), cache);
    Digest digest = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));

    ImageVerification result = verifier.verify(ImageReference.parse(host + "/iv/down@" + digest));

    assertThat(result)
        .isInstanceOfSatisfying(
            ImageVerification.RegistryUnavailable.class,
            unavailable -> assertThat(unavailable.failure().location()).contains(host));
    assertThat(cache.size()).isZero();
  }

  @Test
  void aRegistryFailingAfterTheImageResolvedIsUnavailableNeverAVerdict() throws Exception {
    Digest digest = Digest.sha256("flaky image".getBytes(StandardCharsets.UTF_8));
    com.sun.net.httpserver.HttpServer flaky =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    flaky.createContext(
        "/",
        exchange -> {
          // The image exists (HEAD), then every read of its signatures fails with 503.
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().add("Docker-Content-Digest", digest.toString());
            exchange
                .getResponseHeaders()
                .add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            exchange.sendResponseHeaders(200, -1);
          } else {
            exchange.sendResponseHeaders(503, -1);
          }
          exchange.close();
        });
    flaky.start();
    try {
      String host = "127.0.0.1:" + flaky.getAddress().getPort();
      VerdictCache cache = cache();

      ImageVerification result =
          verifier(client(host), keyPolicy(key), cache)
              .verify(ImageReference.parse(host + "/iv/flaky@" + digest));

      assertThat(result)
          .isInstanceOfSatisfying(
              ImageVerification.RegistryUnavailable.class,
              unavailable -> {
                assertThat(unavailable.failure().status()).hasValue(503);
                assertThat(unavailable.failure().location()).contains(".sig");
              });
      assertThat(cache.size()).isZero();
    } finally {
      flaky.stop(0);
    }
  }

  @Test
  void verifiesWithTheCurrentKeyOfARotatedKeyListAndRefusesOnceItIsDropped() throws Exception {
    SigningKey old = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    SigningKey current = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    PushedImage image = writer.pushRandomImage("iv/rotated", "v1");
    SignaturePushes.pushCosign(
        writer,
        "iv/rotated",
        image.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .keyBasedWithTlog(signed("iv/rotated", image.manifest().digest()), old)));

    assertThat(verifier(client, keyPolicy(old, current), cache()).verify(ref("iv/rotated:v1")))
        .isInstanceOfSatisfying(
            ImageVerification.Judged.class,
            judged ->
                assertThat(judged.verdict().match().orElseThrow().authority()).isEqualTo("key 1"));
    ImageVerification dropped =
        verifier(client, keyPolicy(current), cache()).verify(ref("iv/rotated:v1"));
    assertThat(dropped.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(((ImageVerification.Judged) dropped).verdict().codes())
        .containsExactly(RefusalCode.SIGNATURE_INVALID);
  }

  @Test
  void refusesAnUnsignedImageWithNoSignature() throws Exception {
    writer.pushRandomImage("iv/unsigned", "v1");

    ImageVerification result =
        verifier(client, keyPolicy(key), cache()).verify(ref("iv/unsigned:v1"));

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(((ImageVerification.Judged) result).verdict().codes())
        .containsExactly(RefusalCode.NO_SIGNATURE);
  }

  @Test
  void refusesASignatureCopiedFromAnotherImage() throws Exception {
    PushedImage other = writer.pushRandomImage("iv/copied", "other");
    SignatureLayer otherSignature =
        SIGSTORE.cosign().keyBasedWithTlog(signed("iv/copied", other.manifest().digest()), key);
    PushedImage image = signedImage("iv/copied", otherSignature);

    ImageVerification result =
        verifier(client, keyPolicy(key), cache())
            .verify(ref("iv/copied@" + image.manifest().digest()));

    assertThat(((ImageVerification.Judged) result).verdict().codes())
        .containsExactly(RefusalCode.PAYLOAD_DIGEST_MISMATCH);
  }

  @Test
  void refusesWithTheReasonWhenTheOnlySignatureCannotBeRead() throws Exception {
    PushedImage image = writer.pushRandomImage("iv/unreadable", "v1");
    SignatureLayer layer =
        SIGSTORE.cosign().keyBasedWithTlog(signed("iv/unreadable", image.manifest().digest()), key);
    SignaturePushes.pushCosign(writer, "iv/unreadable", image.manifest().digest(), List.of(layer));
    SignaturePushes.corruptBlob(registry, layer.payloadDigest());

    ImageVerification result =
        verifier(client, keyPolicy(key), cache()).verify(ref("iv/unreadable:v1"));

    assertThat(((ImageVerification.Judged) result).verdict().codes())
        .containsExactly(RefusalCode.MALFORMED_SIGNATURE);
  }

  @Test
  void verifiesABundleReferrerWhenTheCosignLayersDoNot() throws Exception {
    PushedImage image = writer.pushRandomImage("iv/bundle", "v1");
    SignedImage signed = signed("iv/bundle", image.manifest().digest());
    SignaturePushes.pushCosign(
        writer,
        "iv/bundle",
        image.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .request(signed)
                .certificate(certificate)
                .transparencyLog(true)
                .breakage(CosignBreakage.BAD_SET)
                .sign()));
    SignaturePushes.pushBundle(
        writer,
        "iv/bundle",
        image.manifest(),
        SIGSTORE.bundles().messageSignature(signed, certificate));

    ImageVerification result =
        verifier(client, keyless(trustedRoot), cache()).verify(ref("iv/bundle:v1"));

    assertThat(result)
        .isInstanceOfSatisfying(
            ImageVerification.Judged.class,
            judged -> {
              assertThat(judged.verdict().match().orElseThrow().signature()).isEqualTo(2);
              assertThat(judged.verdict().codes()).containsExactly(RefusalCode.SET_INVALID);
            });
  }

  @Test
  void aRefusalListsEveryReasonNumberedLayersFirstThenBundles() throws Exception {
    PushedImage image = writer.pushRandomImage("iv/every", "v1");
    SignedImage signed = signed("iv/every", image.manifest().digest());
    SignaturePushes.pushCosign(
        writer,
        "iv/every",
        image.manifest().digest(),
        List.of(
            keylessBroken(signed, CosignBreakage.BAD_SET),
            keylessBroken(signed, CosignBreakage.ENTRY_FOR_OTHER_SIGNATURE)));
    SignaturePushes.pushBundle(
        writer,
        "iv/every",
        image.manifest(),
        SIGSTORE
            .bundles()
            .request(signed)
            .certificate(certificate)
            .breakage(dev.trustmirror.testkit.sigstore.BundleBreakage.BAD_SET)
            .build());

    ImageVerification result =
        verifier(client, keyless(trustedRoot), cache()).verify(ref("iv/every:v1"));

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(((ImageVerification.Judged) result).verdict().reasons())
        .extracting(r -> r.signature(), r -> r.code())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, RefusalCode.SET_INVALID),
            org.assertj.core.groups.Tuple.tuple(2, RefusalCode.TLOG_ENTRY_MISMATCH),
            org.assertj.core.groups.Tuple.tuple(3, RefusalCode.SET_INVALID));
  }

  private static SignatureLayer keylessBroken(SignedImage signed, CosignBreakage breakage) {
    return SIGSTORE
        .cosign()
        .request(signed)
        .certificate(certificate)
        .transparencyLog(true)
        .breakage(breakage)
        .sign();
  }

  @Test
  void verifiesTheIndexDigestOfAMultiArchImage() throws Exception {
    PushedIndex index = writer.pushMultiArchIndex("iv/multi", "v1");
    PushedIndex platformOnly = writer.pushMultiArchIndex("iv/multi", "v2");
    SignaturePushes.pushCosign(
        writer,
        "iv/multi",
        index.index().digest(),
        List.of(
            SIGSTORE.cosign().keyBasedWithTlog(signed("iv/multi", index.index().digest()), key)));
    String amd64 = platformOnly.images().get(0).manifest().digest();
    SignaturePushes.pushCosign(
        writer,
        "iv/multi",
        amd64,
        List.of(SIGSTORE.cosign().keyBasedWithTlog(signed("iv/multi", amd64), key)));
    ImageVerifier verifier = verifier(client, keyPolicy(key), cache());

    ImageVerification signedIndex = verifier.verify(ref("iv/multi:v1"));
    ImageVerification signedPlatform = verifier.verify(ref("iv/multi:v2"));

    assertThat(signedIndex)
        .isInstanceOfSatisfying(
            ImageVerification.Judged.class,
            judged -> {
              assertThat(judged.verified()).isTrue();
              assertThat(judged.digest()).hasToString(index.index().digest());
            });
    assertThat(((ImageVerification.Judged) signedPlatform).verdict().codes())
        .containsExactly(RefusalCode.NO_SIGNATURE);
  }

  @Test
  void aRotatedTrustedRootIsNeverServedTheOldVerdict() throws Exception {
    PushedImage image = writer.pushRandomImage("iv/rotation", "v1");
    SignaturePushes.pushCosign(
        writer,
        "iv/rotation",
        image.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .keyless(signed("iv/rotation", image.manifest().digest()), certificate)));
    // Same logs and TSA, a rotated Fulcio CA: the old signature's CA is no longer trusted.
    SigstoreFixtures rotatedCa = SigstoreFixtures.create(22, SigstoreFixtures.DEFAULT_TIME);
    TrustedRoot rotated =
        TrustedRoot.parse(
            TrustedRootBuilder.create()
                .transparencyLog(SIGSTORE.rekor())
                .certificateAuthority(rotatedCa.fulcio())
                .ctLog(SIGSTORE.ctLog())
                .timestampAuthority(SIGSTORE.tsa())
                .toBytes(),
            "rotated root");
    VerdictCache shared = cache();
    ImageReference reference = ref("iv/rotation@" + image.manifest().digest());

    assertThat(verifier(client, keyless(trustedRoot), shared).verify(reference).verified())
        .isTrue();
    ImageVerifier afterRotation = verifier(client, keyless(rotated), shared);
    ImageVerification result = afterRotation.verify(reference);

    assertThat(result)
        .isInstanceOfSatisfying(
            ImageVerification.Judged.class,
            judged -> {
              assertThat(judged.fromCache()).isFalse();
              assertThat(judged.verdict().codes()).containsExactly(RefusalCode.UNTRUSTED_CA);
            });
    // The old verdict is still held under the old root's key until told of the change.
    assertThat(shared.find(verifier(client, keyless(trustedRoot), shared).key(digest(image))))
        .isPresent();
    assertThat(shared.trustRootChanged(trustedRoot.identity())).isFalse();
    assertThat(shared.trustRootChanged(rotated.identity())).isTrue();
    assertThat(shared.find(verifier(client, keyless(trustedRoot), shared).key(digest(image))))
        .isEmpty();
  }

  private static Digest digest(PushedImage image) throws Exception {
    return Digest.parse(image.manifest().digest());
  }

  @Test
  void anImageThatDoesNotExistIsARegistryRefusal() throws Exception {
    ImageVerification result = verifier(client, keyPolicy(key), cache()).verify(ref("iv/none:v1"));

    assertThat(result)
        .isInstanceOfSatisfying(
            ImageVerification.RegistryRefused.class,
            refused ->
                assertThat(refused.refusal())
                    .isInstanceOfSatisfying(
                        RegistryNotFoundException.class,
                        e ->
                            assertThat(e.kind())
                                .isEqualTo(RegistryNotFoundException.Kind.MANIFEST)));
  }

  @Test
  void aDigestThatDoesNotExistIsARegistryRefusalNotAMissingSignature() throws Exception {
    String absent = "sha256:" + "ab".repeat(32);

    ImageVerification result =
        verifier(client, keyPolicy(key), cache()).verify(ref("iv/none@" + absent));

    assertThat(result)
        .isInstanceOfSatisfying(
            ImageVerification.RegistryRefused.class,
            refused ->
                assertThat(refused.refusal())
                    .isInstanceOfSatisfying(
                        RegistryNotFoundException.class,
                        e ->
                            assertThat(e.kind())
                                .isEqualTo(RegistryNotFoundException.Kind.MANIFEST)));
  }

  @Test
  void missingOrWrongCredentialsAreARegistryRefusal() throws Exception {
    try (DockerRegistry locked = DockerRegistry.builder().basicAuth("alice", "s3cret").start()) {
      locked.writer().pushRandomImage("iv/locked", "v1");
      ImageReference reference = ImageReference.parse(locked.host() + "/iv/locked:v1");
      RegistryClient wrong =
          RegistryClient.create(
              RegistryClientOptions.builder()
                  .insecureRegistries(Set.of(locked.host()))
                  .credentials(
                      RegistryCredentials.of(
                          java.util.Map.of(
                              locked.host(),
                              new dev.trustmirror.verifier.registry.Credentials("alice", "nope"))))
                  .build());

      for (RegistryClient c : List.of(client(locked.host()), wrong)) {
        assertThat(verifier(c, keyPolicy(key), cache()).verify(reference))
            .isInstanceOfSatisfying(
                ImageVerification.RegistryRefused.class,
                refused -> assertThat(refused.refusal()).isInstanceOf(RegistryAuthException.class));
      }
    }
  }
}
