package dev.trustmirror.verifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.admission.CheckRequest;
import dev.trustmirror.verifier.admission.PullAuth;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.discovery.SignaturePushes;
import dev.trustmirror.verifier.registry.Credentials;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryAuthException;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.registry.RegistryNotFoundException;
import dev.trustmirror.verifier.registry.RegistryUnavailableException;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryImageChecker} against a real docker-registry (one anonymous, one with Basic auth):
 * how each {@code ImageVerification} becomes a verdict or an exception, the pull credentials
 * reaching the registry, one registry client per distinct credential set, and the shared cache.
 */
class RegistryImageCheckerIT {
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(43, SigstoreFixtures.DEFAULT_TIME);
  private static final Clock LATER =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)), ZoneOffset.UTC);
  private static final SigningKey KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  private static final PullAuth ANONYMOUS = new PullAuth("shop", "default", List.of());
  private static final PullAuth WITH_SECRET = new PullAuth("shop", "default", List.of("regcred"));

  private static DockerRegistry open;
  private static DockerRegistry locked;
  private static String goneHost;
  private static PushedImage signed;
  private static PushedImage unsigned;
  private static PushedImage lockedImage;
  private static VerificationPolicy policy;

  @BeforeAll
  static void start() throws Exception {
    open = DockerRegistry.start();
    locked = DockerRegistry.builder().basicAuth("alice", "s3cret").start();
    try (DockerRegistry gone = DockerRegistry.start()) {
      goneHost = gone.host();
    }
    signed = open.writer().pushRandomImage("ck/app", "v1");
    SignaturePushes.pushCosign(
        open.writer(),
        "ck/app",
        signed.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .keyBasedWithTlog(
                    new SignedImage(open.host() + "/ck/app", signed.manifest().digest()), KEY)));
    unsigned = open.writer().pushRandomImage("ck/unsigned", "v1");
    lockedImage = locked.writer().pushRandomImage("ck/locked", "v1");
    policy =
        VerificationPolicy.keys(
            List.of(
                VerificationKey.parse(
                    KEY.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "cosign.pub")),
            false,
            TrustedRoot.parse(SIGSTORE.trustedRoot().toBytes(), "testkit root"));
  }

  @AfterAll
  static void stop() {
    if (open != null) {
      open.close();
    }
    if (locked != null) {
      locked.close();
    }
  }

  private static RegistryImageChecker checker(VerdictCache cache) {
    return RegistryImageChecker.create(
        RegistryClientOptions.builder()
            .insecureRegistries(Set.of(open.host(), locked.host(), goneHost))
            .retries(0)
            .connectTimeout(Duration.ofSeconds(3))
            .build(),
        auth ->
            auth.pullSecrets().contains("regcred")
                ? RegistryCredentials.of(Map.of(locked.host(), new Credentials("alice", "s3cret")))
                : RegistryCredentials.none(),
        cache,
        DiscoveryLimits.DEFAULTS,
        LATER);
  }

  private static CheckRequest request(String image, PullAuth auth) throws Exception {
    return new CheckRequest(
        ImageReference.parse(image), policy, "release", auth, Duration.ofSeconds(8));
  }

  @Test
  void aSignedTagGivesAVerifiedVerdictForTheDigestItResolvedTo() throws Exception {
    VerdictCache cache = VerdictCache.create(VerdictCacheSettings.DEFAULTS);
    RegistryImageChecker checker = checker(cache);

    Verdict verdict = checker.check(request(open.host() + "/ck/app:v1", ANONYMOUS));

    assertThat(verdict.verified()).isTrue();
    assertThat(verdict.image()).hasToString(signed.manifest().digest());
    assertThat(checker.cacheSize()).isEqualTo(1);
    checker.clearCache();
    assertThat(checker.cacheSize()).isZero();
    assertThat(checker.imageVerifiers()).isZero();
  }

  @Test
  void aResolvedTagIsReusedForItsTtlSoACachedReviewNeedsNoRegistry() throws Exception {
    Verdict again;
    Throwable unavailable;
    try (DockerRegistry brief = DockerRegistry.start()) {
      PushedImage image = brief.writer().pushRandomImage("ck/brief", "v1");
      SignaturePushes.pushCosign(
          brief.writer(),
          "ck/brief",
          image.manifest().digest(),
          List.of(
              SIGSTORE
                  .cosign()
                  .keyBasedWithTlog(
                      new SignedImage(brief.host() + "/ck/brief", image.manifest().digest()),
                      KEY)));
      RegistryClientOptions options =
          RegistryClientOptions.builder()
              .insecureRegistries(Set.of(brief.host()))
              .retries(0)
              .connectTimeout(Duration.ofSeconds(3))
              .build();
      VerdictCache cache = VerdictCache.create(VerdictCacheSettings.DEFAULTS);
      RegistryImageChecker reusing =
          RegistryImageChecker.create(
              options,
              PullCredentials.anonymous(),
              cache,
              DiscoveryLimits.DEFAULTS,
              LATER,
              1,
              1,
              TagReuse.of(Duration.ofSeconds(30)));
      RegistryImageChecker resolving =
          RegistryImageChecker.create(
              options,
              PullCredentials.anonymous(),
              cache,
              DiscoveryLimits.DEFAULTS,
              LATER,
              1,
              1,
              TagReuse.of(Duration.ZERO));
      String tag = brief.host() + "/ck/brief:v1";
      assertThat(reusing.check(request(tag, ANONYMOUS)).verified()).isTrue();
      assertThat(resolving.check(request(tag, ANONYMOUS)).verified()).isTrue();

      brief.close();
      again = reusing.check(request(tag, ANONYMOUS));
      unavailable = catchThrowable(() -> resolving.check(request(tag, ANONYMOUS)));
      assertThat(again.image()).hasToString(image.manifest().digest());
    }

    assertThat(again.verified()).as("tag and verdict both cached: no registry call").isTrue();
    assertThat(unavailable)
        .as("with no tag cache the tag is resolved again, and the registry is gone")
        .isInstanceOf(RegistryUnavailableException.class);
  }

  @Test
  void anUnsignedImageIsARefusalVerdictNotAnException() throws Exception {
    Verdict verdict =
        checker(VerdictCache.create(VerdictCacheSettings.DEFAULTS))
            .check(request(open.host() + "/ck/unsigned:v1", ANONYMOUS));

    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.image()).hasToString(unsigned.manifest().digest());
    assertThat(verdict.codes()).contains(RefusalCode.NO_SIGNATURE);
  }

  @Test
  void anUnknownTagIsTheRegistrysRefusal() {
    Throwable thrown =
        catchThrowable(
            () ->
                checker(VerdictCache.create(VerdictCacheSettings.DEFAULTS))
                    .check(request(open.host() + "/ck/app:nope", ANONYMOUS)));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            RegistryNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryNotFoundException.Kind.MANIFEST);
              assertThat(e.reference()).isEqualTo("nope");
            });
  }

  @Test
  void anUnreachableRegistryIsAnIoException() {
    Throwable thrown =
        catchThrowable(
            () ->
                checker(VerdictCache.create(VerdictCacheSettings.DEFAULTS))
                    .check(request(goneHost + "/ck/app:v1", ANONYMOUS)));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            RegistryUnavailableException.class, e -> assertThat(e.location()).contains(goneHost));
  }

  @Test
  void pullSecretsReachThePrivateRegistryThroughTheirOwnClient() throws Exception {
    RegistryImageChecker checker = checker(VerdictCache.create(VerdictCacheSettings.DEFAULTS));
    String image = locked.host() + "/ck/locked:v1";

    Verdict withSecret = checker.check(request(image, WITH_SECRET));
    Throwable anonymous = catchThrowable(() -> checker.check(request(image, ANONYMOUS)));
    checker.check(request(image, new PullAuth("other", "builder", List.of("regcred"))));

    // unsigned, but read: the credentials were accepted
    assertThat(withSecret.image()).hasToString(lockedImage.manifest().digest());
    assertThat(anonymous)
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REQUIRED));
    assertThat(checker.registryClients())
        .as("anonymous + alice, shared by both namespaces")
        .isEqualTo(2);
  }

  @Test
  void aCheckWithNoTimeLeftIsAbandonedBeforeTheRegistry() {
    Throwable thrown =
        catchThrowable(
            () ->
                checker(VerdictCache.create(VerdictCacheSettings.DEFAULTS))
                    .check(
                        new CheckRequest(
                            ImageReference.parse(open.host() + "/ck/app:v1"),
                            policy,
                            "release",
                            ANONYMOUS,
                            Duration.ZERO)));

    assertThat(thrown).isInstanceOf(InterruptedException.class);
  }
}
