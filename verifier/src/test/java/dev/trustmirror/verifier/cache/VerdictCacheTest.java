package dev.trustmirror.verifier.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.sigstore.TestFulcio;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.sigstore.CosignLayer;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.Reason;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.TimeSource;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The verdict cache with a ticker the test moves: successes live their TTL, refusals briefly or not
 * at all, errors never; the size is bounded; and a rotated trust root never gets an old verdict.
 */
class VerdictCacheTest {
  private static final Digest IMAGE = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  private static final VerdictKey KEY = new VerdictKey(IMAGE, "sha256:policy", "sha256:root-1");
  private static final VerdictCacheSettings SETTINGS =
      new VerdictCacheSettings(100, Duration.ofMinutes(10), Duration.ofSeconds(10));

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final AtomicInteger computed = new AtomicInteger();

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  private static Verdict verified(TimeSource source) {
    return new Verdict(
        IMAGE, Optional.of(new Verdict.Match(1, "key 1", "k", Instant.EPOCH, source)), List.of());
  }

  private static Verdict refused(RefusalCode code) {
    return new Verdict(
        IMAGE, Optional.empty(), List.of(new Reason(1, Optional.of("key 1"), code, "no")));
  }

  private Verdict get(VerdictCache cache, VerdictKey key, Verdict verdict) {
    return cache.get(
        key,
        () -> {
          computed.incrementAndGet();
          return verdict;
        });
  }

  @Test
  void servesASuccessUntilItsTtlEnds() {
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);

    get(cache, KEY, verified(TimeSource.TLOG));
    advance(Duration.ofMinutes(9));
    get(cache, KEY, verified(TimeSource.TLOG));
    assertThat(computed).hasValue(1);

    advance(Duration.ofMinutes(2));
    get(cache, KEY, verified(TimeSource.TLOG));
    assertThat(computed).hasValue(2);
  }

  @Test
  void servesARefusalOnlyForTheShortFailureTtl() {
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);

    get(cache, KEY, refused(RefusalCode.SIGNATURE_INVALID));
    advance(Duration.ofSeconds(5));
    get(cache, KEY, refused(RefusalCode.SIGNATURE_INVALID));
    assertThat(computed).hasValue(1);

    advance(Duration.ofSeconds(6));
    get(cache, KEY, refused(RefusalCode.SIGNATURE_INVALID));
    assertThat(computed).hasValue(2);
  }

  @Test
  void neverKeepsRefusalsWhenTheFailureTtlIsZero() {
    VerdictCache cache =
        VerdictCache.create(
            new VerdictCacheSettings(100, Duration.ofMinutes(10), Duration.ZERO), ticker);

    get(cache, KEY, refused(RefusalCode.NO_SIGNATURE));
    get(cache, KEY, refused(RefusalCode.NO_SIGNATURE));

    assertThat(computed).hasValue(2);
    assertThat(cache.find(KEY)).isEmpty();
  }

  @Test
  void neverKeepsVerdictsOfUnexpectedErrors() {
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);

    get(cache, KEY, refused(RefusalCode.INTERNAL_ERROR));
    get(cache, KEY, refused(RefusalCode.INTERNAL_ERROR));

    assertThat(computed).hasValue(2);
  }

  @Test
  void keepsASuccessThatRestsOnNowOnlyForTheFailureTtl() {
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);

    get(cache, KEY, verified(TimeSource.NOW));
    advance(Duration.ofSeconds(11));
    get(cache, KEY, verified(TimeSource.NOW));

    assertThat(computed).hasValue(2);
  }

  @Test
  void staysWithinItsMaximumSize() {
    VerdictCache cache =
        VerdictCache.create(
            new VerdictCacheSettings(10, Duration.ofMinutes(10), Duration.ofSeconds(10)), ticker);

    for (int i = 0; i < 100; i++) {
      Digest image = Digest.sha256(new byte[] {(byte) i});
      get(cache, new VerdictKey(image, "p", "r"), verified(TimeSource.TLOG));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void keysDifferByPolicyAndTrustRoot() {
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);

    get(cache, KEY, verified(TimeSource.TLOG));
    get(
        cache,
        new VerdictKey(IMAGE, "sha256:other-policy", "sha256:root-1"),
        refused(RefusalCode.SIGNATURE_INVALID));
    get(
        cache,
        new VerdictKey(IMAGE, "sha256:policy", "sha256:root-2"),
        refused(RefusalCode.UNTRUSTED_CA));

    assertThat(computed).hasValue(3);
    assertThat(cache.find(KEY).orElseThrow().verified()).isTrue();
  }

  @Test
  void clearsWhenTheTrustRootChangesButNotWhenItStaysTheSame() {
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);
    assertThat(cache.trustRootChanged("sha256:root-1")).isFalse();
    get(cache, KEY, verified(TimeSource.TLOG));

    assertThat(cache.trustRootChanged("sha256:root-1")).isFalse();
    assertThat(cache.find(KEY)).isPresent();
    assertThat(cache.trustRootChanged("sha256:root-2")).isTrue();
    assertThat(cache.find(KEY)).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aRotatedTrustRootNeverServesAnOldVerdict() throws Exception {
    Instant signed = SigstoreFixtures.DEFAULT_TIME;
    Clock later = Clock.fixed(signed.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    SigstoreFixtures sigstore = SigstoreFixtures.create(21, signed);
    SignedImage image =
        SignedImage.ofManifest("registry.test/app", "manifest".getBytes(StandardCharsets.UTF_8));
    FulcioCertificate certificate =
        sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@example.com"), "https://idp"));
    SignatureLayer layer = sigstore.cosign().keyless(image, certificate);
    KeylessIdentity identity =
        new KeylessIdentity(
            IdentityMatcher.exact("https://idp"), IdentityMatcher.exact("a@example.com"));
    TrustedRoot before = TrustedRoot.parse(sigstore.trustedRoot().toBytes(), "before");
    // the CA is rotated: a new Fulcio replaces the one that issued the certificate
    TestFulcio rotated =
        TestFulcio.generate(
            sigstore.random(),
            sigstore.clock(),
            sigstore.ctLog(),
            "https://fulcio.test",
            dev.trustmirror.testkit.sigstore.KeyAlgorithm.ECDSA_P384);
    TrustedRoot after =
        TrustedRoot.parse(
            dev.trustmirror.testkit.sigstore.TrustedRootBuilder.create()
                .transparencyLog(sigstore.rekor())
                .ctLog(sigstore.ctLog())
                .certificateAuthority(rotated)
                .toBytes(),
            "after");
    VerdictCache cache = VerdictCache.create(SETTINGS, ticker);
    Digest digest = Digest.parse(image.digest());
    List<CosignLayer> layers = List.of(new CosignLayer(layer.payload(), layer.annotations()));

    SignatureVerifier old =
        SignatureVerifier.create(
            VerificationPolicy.keyless(List.of(identity), false, before), later);
    Verdict first =
        cache.get(
            new VerdictKey(digest, old.policyIdentity(), before.identity()),
            () -> old.verifyCosign(digest, layers));
    cache.trustRootChanged(before.identity());
    SignatureVerifier rotatedVerifier =
        SignatureVerifier.create(
            VerificationPolicy.keyless(List.of(identity), false, after), later);
    cache.trustRootChanged(after.identity());
    Verdict second =
        cache.get(
            new VerdictKey(digest, rotatedVerifier.policyIdentity(), after.identity()),
            () -> rotatedVerifier.verifyCosign(digest, layers));

    assertThat(first.verified()).as(first.summary()).isTrue();
    assertThat(old.policyIdentity()).isEqualTo(rotatedVerifier.policyIdentity());
    assertThat(second.verified()).isFalse();
    assertThat(second.codes()).containsExactly(RefusalCode.UNTRUSTED_CA);
    assertThat(cache.find(new VerdictKey(digest, old.policyIdentity(), before.identity())))
        .isEmpty();
  }
}
