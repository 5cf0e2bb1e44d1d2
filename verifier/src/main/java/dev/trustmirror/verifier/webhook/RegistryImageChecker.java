package dev.trustmirror.verifier.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trustmirror.verifier.admission.CheckRequest;
import dev.trustmirror.verifier.admission.ImageChecker;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.image.ImageVerification;
import dev.trustmirror.verifier.image.ImageVerifier;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ImageChecker} the webhook runs: the workload's pull secrets resolved through {@link
 * PullCredentials}, then {@link ImageVerifier} (resolve the tag, discover the signatures, verify)
 * through one shared {@link VerdictCache}.
 *
 * <ul>
 *   <li>One registry client per distinct set of credentials (most workloads share the anonymous
 *       one), kept in a bounded cache keyed by a SHA-256 fingerprint of the credentials, so the key
 *       itself holds no secret and equal Secrets read twice share a client and its tokens. Each
 *       client is built from the base options (insecure registries, CA file, timeouts, retries)
 *       with the credentials swapped in.
 *   <li>One {@link ImageVerifier} per (client, policy identity, trusted root identity), bounded;
 *       they all share the verdict cache, whose keys carry the policy and trusted root identities.
 *   <li>A tag's resolution (tag to digest, per credentials) is reused for {@code tagTtl} (default
 *       {@link #DEFAULT_TAG_TTL}; zero resolves every time), so that a review whose verdicts are
 *       cached makes no registry call at all; with a refresher, a tag in use is resolved again in
 *       the background after half of it ({@link TagReuse}). It is safe because the webhook pins
 *       what it verified: {@code /mutate} rewrites the tag to the digest that was judged, so a tag
 *       moved meanwhile is picked up after the TTL, and never runs unverified bytes (ADR 0020).
 *   <li>{@link ImageVerification.Judged} gives its verdict; {@link
 *       ImageVerification.RegistryUnavailable} is thrown as its {@link IOException}, {@link
 *       ImageVerification.RegistryRefused} as its {@link RegistryRefusalException}.
 * </ul>
 *
 * <p>The registry client's timeouts are per client, not per call: the review's {@link
 * CheckRequest#timeLeft()} is honoured by not starting without time left and by the decider
 * interrupting the check at its deadline, which the client's exchanges notice; a check so
 * interrupted ends with {@link InterruptedException}, never with a verdict. Build the base options
 * with a request timeout below the webhook's budget. Thread-safe.
 */
public final class RegistryImageChecker implements ImageChecker {
  /** Registry clients kept by default: one per distinct set of pull credentials in use. */
  public static final int DEFAULT_MAX_CLIENTS = 64;

  /** Image verifiers kept by default: clients × policies × trusted roots in use. */
  public static final int DEFAULT_MAX_VERIFIERS = 1024;

  /** How long a tag's digest is reused by default. */
  public static final Duration DEFAULT_TAG_TTL = Duration.ofSeconds(30);

  private final RegistryClientOptions base;
  private final PullCredentials credentials;
  private final VerdictCache verdicts;
  private final DiscoveryLimits limits;
  private final Clock clock;
  private final Cache<String, RegistryClient> clients;

  /**
   * Fingerprints of credential sets, by identity: the pull credentials of a workload are the same
   * cached object for a while, so a cache-hit review does not hash them again.
   */
  private final Cache<RegistryCredentials, String> fingerprints =
      Caffeine.newBuilder().weakKeys().maximumSize(1024).executor(Runnable::run).build();

  private final Cache<VerifierKey, ImageVerifier> verifiers;
  private final TagResolutions tags;

  /** What an image verifier is built for; it judges alike for equal keys. */
  private record VerifierKey(String credentials, String policy, String trustedRoot) {}

  private RegistryImageChecker(
      RegistryClientOptions base,
      PullCredentials credentials,
      VerdictCache verdicts,
      DiscoveryLimits limits,
      Clock clock,
      int maxClients,
      int maxVerifiers,
      TagReuse tagReuse) {
    this.tags = new TagResolutions(tagReuse);
    this.base = base;
    this.credentials = credentials;
    this.verdicts = verdicts;
    this.limits = limits;
    this.clock = clock;
    this.clients = Caffeine.newBuilder().maximumSize(maxClients).executor(Runnable::run).build();
    this.verifiers =
        Caffeine.newBuilder().maximumSize(maxVerifiers).executor(Runnable::run).build();
  }

  /**
   * A checker with the default bounds.
   *
   * @param base how registries are reached; its credentials are replaced by each workload's
   * @param credentials the workload's pull secrets, resolved
   * @param verdicts the verdict cache every verifier shares
   * @param limits bounds of signature discovery
   * @param clock "now" of the signature verifier (certificate validity, when a verdict rests on it)
   */
  public static RegistryImageChecker create(
      RegistryClientOptions base,
      PullCredentials credentials,
      VerdictCache verdicts,
      DiscoveryLimits limits,
      Clock clock) {
    return create(
        base,
        credentials,
        verdicts,
        limits,
        clock,
        DEFAULT_MAX_CLIENTS,
        DEFAULT_MAX_VERIFIERS,
        TagReuse.of(DEFAULT_TAG_TTL));
  }

  /**
   * As {@link #create(RegistryClientOptions, PullCredentials, VerdictCache, DiscoveryLimits,
   * Clock)}, keeping at most {@code maxClients} registry clients and {@code maxVerifiers}
   * verifiers, reusing a tag's digest as {@code tagReuse} says.
   */
  public static RegistryImageChecker create(
      RegistryClientOptions base,
      PullCredentials credentials,
      VerdictCache verdicts,
      DiscoveryLimits limits,
      Clock clock,
      int maxClients,
      int maxVerifiers,
      TagReuse tagReuse) {
    if (maxClients < 1 || maxVerifiers < 1) {
      throw new IllegalArgumentException("maxClients and maxVerifiers must be at least 1");
    }
    return new RegistryImageChecker(
        Objects.requireNonNull(base, "base"),
        Objects.requireNonNull(credentials, "credentials"),
        Objects.requireNonNull(verdicts, "verdicts"),
        Objects.requireNonNull(limits, "limits"),
        Objects.requireNonNull(clock, "clock"),
        maxClients,
        maxVerifiers,
        Objects.requireNonNull(tagReuse, "tagReuse"));
  }

  @Override
  public Verdict check(CheckRequest request)
      throws IOException, RegistryRefusalException, InterruptedException {
    if (request.timeLeft().isNegative() || request.timeLeft().isZero() || Thread.interrupted()) {
      throw new InterruptedException("No time left to check " + request.image());
    }
    RegistryCredentials found = credentials.find(request.pullAuth());
    String fingerprint = fingerprints.get(found, CredentialFingerprint::of);
    RegistryClient client = client(fingerprint, found);
    ImageVerifier verifier =
        verifiers.get(
            new VerifierKey(
                fingerprint,
                request.policy().identity(),
                request.policy().trustedRoot().identity()),
            key ->
                ImageVerifier.create(
                    client, limits, SignatureVerifier.create(request.policy(), clock), verdicts));
    ImageReference image = request.image();
    Optional<String> tagKey =
        image.digest().isEmpty() && tags.enabled()
            ? Optional.of(fingerprint + "\n" + image)
            : Optional.empty();
    Optional<Digest> resolved = tagKey.flatMap(k -> reuse(k, verifier, image));
    ImageVerification result =
        verifier.verify(resolved.isPresent() ? image.withDigest(resolved.get()) : image);
    if (tagKey.isPresent()
        && resolved.isEmpty()
        && result instanceof ImageVerification.Judged judged) {
      tags.put(tagKey.get(), judged.digest());
    }
    if (Thread.currentThread().isInterrupted()) {
      // The decider gave up; the registry client turned the interrupt into "unavailable".
      throw new InterruptedException("Gave up checking " + request.image() + ": out of time");
    }
    if (result instanceof ImageVerification.Judged judged) {
      return judged.verdict();
    }
    if (result instanceof ImageVerification.RegistryRefused refused) {
      throw refused.refusal();
    }
    throw ((ImageVerification.RegistryUnavailable) result).failure();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Known when the workload's pull credentials are held, a verifier for them, the policy and the
   * trusted root exists, the image has a digest (its own, or its tag's resolution within {@code
   * tagTtl}) and the verdict cache holds that digest's verdict.
   */
  @Override
  public Optional<Verdict> known(CheckRequest request) {
    Optional<RegistryCredentials> found = credentials.known(request.pullAuth());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String fingerprint = fingerprints.get(found.get(), CredentialFingerprint::of);
    ImageVerifier verifier =
        verifiers.getIfPresent(
            new VerifierKey(
                fingerprint,
                request.policy().identity(),
                request.policy().trustedRoot().identity()));
    if (verifier == null) {
      return Optional.empty();
    }
    ImageReference image = request.image();
    Optional<Digest> digest = image.digest();
    if (digest.isEmpty() && tags.enabled()) {
      digest = reuse(fingerprint + "\n" + image, verifier, image);
    }
    return digest.flatMap(verifier::known);
  }

  /** {@code tag}'s digest within the TTL; an old one is resolved again in the background. */
  private Optional<Digest> reuse(String key, ImageVerifier verifier, ImageReference tag) {
    return tags.find(
        key,
        () ->
            verifier.verify(tag) instanceof ImageVerification.Judged judged
                ? Optional.of(judged.digest())
                : Optional.empty());
  }

  private RegistryClient client(String fingerprint, RegistryCredentials found) throws IOException {
    try {
      return clients.get(
          fingerprint,
          key -> {
            try {
              return RegistryClient.create(withCredentials(found));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The base options with {@code found} as the credentials. */
  private RegistryClientOptions withCredentials(RegistryCredentials found) {
    RegistryClientOptions.Builder options =
        RegistryClientOptions.builder()
            .credentials(found)
            .insecureRegistries(base.insecureRegistries())
            .connectTimeout(base.connectTimeout())
            .readTimeout(base.readTimeout())
            .requestTimeout(base.requestTimeout())
            .retries(base.retries())
            .backoffBase(base.backoffBase())
            .sleeper(base.sleeper())
            .ticker(base.ticker())
            .maxManifestBytes(base.maxManifestBytes())
            .clock(base.clock());
    base.caFile().ifPresent(options::caFile);
    return options.build();
  }

  /**
   * Drops every verdict (the trust root or a policy's keys changed) and every verifier built for an
   * older trusted root.
   */
  public void clearCache() {
    verdicts.clear();
    tags.clear();
    verifiers.invalidateAll();
  }

  /** Verdicts held in the shared cache (the metrics gauge). */
  public long cacheSize() {
    return verdicts.size();
  }

  /** Registry clients held: one per distinct set of credentials in use. */
  public long registryClients() {
    clients.cleanUp();
    return clients.estimatedSize();
  }

  /** Image verifiers held. */
  public long imageVerifiers() {
    verifiers.cleanUp();
    return verifiers.estimatedSize();
  }
}
