package dev.trustmirror.verifier.webhook;

import com.github.benmanes.caffeine.cache.Ticker;
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
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Signed images pushed under a tag of a real docker-registry, the policies that trust (or do not
 * trust) them, and a checker reading that registry: the fixtures of the tests of {@link
 * RegistryImageChecker#known} and of {@link TagReuse}.
 */
final class SignedTags {
  static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(47, SigstoreFixtures.DEFAULT_TIME);

  /** The signature verifier's "now": within the signatures' validity. */
  static final Clock LATER =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)), ZoneOffset.UTC);

  static final SigningKey KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  static final SigningKey OTHER_KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
  static final PullAuth ANONYMOUS = new PullAuth("shop", "default", List.of());

  /** How long a background resolution may take at most before a test fails (bounds a hang). */
  static final Duration POLL_LIMIT = Duration.ofSeconds(10);

  static final String REPOSITORY = "ck/app";

  /** Verdicts, refusals too, kept far longer than a test runs: what is known does not expire. */
  static final VerdictCacheSettings VERDICTS =
      new VerdictCacheSettings(10_000, Duration.ofHours(1), Duration.ofHours(1));

  private SignedTags() {}

  /** Trusts signatures by {@code key} (with a transparency-log entry). */
  static VerificationPolicy policy(SigningKey key) throws Exception {
    return VerificationPolicy.keys(
        List.of(
            VerificationKey.parse(
                key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "cosign.pub")),
        false,
        TrustedRoot.parse(SIGSTORE.trustedRoot().toBytes(), "testkit root"));
  }

  /**
   * Pushes a new random image tagged {@code tag} in {@link #REPOSITORY} (moving the tag when it
   * exists) and its cosign signature by {@link #KEY}; returns the image's digest.
   */
  static String pushSigned(DockerRegistry registry, String tag) throws Exception {
    PushedImage image = registry.writer().pushRandomImage(REPOSITORY, tag);
    String digest = image.manifest().digest();
    SignaturePushes.pushCosign(
        registry.writer(),
        REPOSITORY,
        digest,
        List.of(
            SIGSTORE
                .cosign()
                .keyBasedWithTlog(
                    new SignedImage(registry.host() + "/" + REPOSITORY, digest), KEY)));
    return digest;
  }

  /** A checker reading {@code registry} anonymously (credentials always known), reusing tags so. */
  static RegistryImageChecker checker(DockerRegistry registry, TagReuse tagReuse) {
    return RegistryImageChecker.create(
        RegistryClientOptions.builder()
            .insecureRegistries(Set.of(registry.host()))
            .retries(0)
            .connectTimeout(Duration.ofSeconds(3))
            .build(),
        PullCredentials.anonymous(),
        VerdictCache.create(VERDICTS),
        DiscoveryLimits.DEFAULTS,
        LATER,
        4,
        16,
        tagReuse);
  }

  static CheckRequest request(String image, VerificationPolicy policy) throws Exception {
    return new CheckRequest(
        ImageReference.parse(image), policy, "release", ANONYMOUS, Duration.ofSeconds(8));
  }

  /** Waits up to {@link #POLL_LIMIT} for {@code condition}; the limit only bounds a hang. */
  static void pollUntil(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + POLL_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("Waited " + POLL_LIMIT + " for: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** A ticker the test moves explicitly. */
  static final class MovableTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long read() {
      return nanos.get();
    }
  }
}
