package dev.trustmirror.testkit.sigstore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One private Sigstore: a {@link TestCtLog}, a {@link TestFulcio} embedding its SCTs, a {@link
 * TestRekor} and a {@link TestTsa}, all from one seed and one clock, with the {@code
 * trusted_root.json} that trusts them. Start here:
 *
 * <pre>{@code
 * SigstoreFixtures sigstore = SigstoreFixtures.create(42, SigstoreFixtures.DEFAULT_TIME);
 * Path trustedRoot = sigstore.trustedRoot().writeTo(dir.resolve("trusted_root.json"));
 * FulcioCertificate cert = sigstore.fulcio().issue(LeafRequest.of(Identity.email("a@b"), ISSUER));
 * SignatureLayer layer = sigstore.cosign().keyless(image, cert);
 * }</pre>
 */
public final class SigstoreFixtures {

  /** A fixed signing time for tests that do not care which. */
  public static final Instant DEFAULT_TIME = Instant.parse("2025-06-02T10:00:00Z");

  private final Clock clock;
  private final SecureRandom random;
  private final TestCtLog ctLog;
  private final TestFulcio fulcio;
  private final TestRekor rekor;
  private final TestTsa tsa;

  private SigstoreFixtures(long seed, Clock clock) {
    this.clock = clock;
    this.random = SeededRandom.of(seed, "sigstore-fixtures");
    this.ctLog =
        TestCtLog.generate(random, "https://ctfe.test/2025", clock.instant().minusSeconds(86_400));
    this.fulcio = TestFulcio.generate(random, clock, ctLog);
    this.rekor = TestRekor.generate(random, clock);
    this.tsa = TestTsa.generate(random, clock);
  }

  /** Fixtures from {@code seed} whose clock is fixed at {@code now}. */
  public static SigstoreFixtures create(long seed, Instant now) {
    return create(seed, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** Fixtures from {@code seed} that take every time from {@code clock}. */
  public static SigstoreFixtures create(long seed, Clock clock) {
    return new SigstoreFixtures(seed, clock);
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }

  /** The seeded random all services draw from (for more keys). */
  public SecureRandom random() {
    return random;
  }

  /** The CT log. */
  public TestCtLog ctLog() {
    return ctLog;
  }

  /** The Fulcio CA. */
  public TestFulcio fulcio() {
    return fulcio;
  }

  /** The Rekor log. */
  public TestRekor rekor() {
    return rekor;
  }

  /** The timestamp authority. */
  public TestTsa tsa() {
    return tsa;
  }

  /** A new signing key from the seeded random. */
  public SigningKey newKey(KeyAlgorithm algorithm) {
    return SigningKey.generate(algorithm, random);
  }

  /** A trusted root with the four services, each valid from its start, open-ended. */
  public TrustedRootBuilder trustedRoot() {
    return TrustedRootBuilder.create()
        .transparencyLog(rekor)
        .certificateAuthority(fulcio)
        .ctLog(ctLog)
        .timestampAuthority(tsa);
  }

  /** cosign signature layers signed with these services. */
  public CosignSignatures cosign() {
    return new CosignSignatures(this);
  }

  /** Sigstore bundles signed with these services. */
  public SigstoreBundles bundles() {
    return new SigstoreBundles(this);
  }
}
