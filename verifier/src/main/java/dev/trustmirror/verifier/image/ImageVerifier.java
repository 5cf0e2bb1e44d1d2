package dev.trustmirror.verifier.image;

import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cache.VerdictKey;
import dev.trustmirror.verifier.discovery.DiscoveredSignatures;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.discovery.DiscoveryProblem;
import dev.trustmirror.verifier.discovery.SignatureDiscovery;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.registry.RegistryUnavailableException;
import dev.trustmirror.verifier.registry.Repository;
import dev.trustmirror.verifier.sigstore.Reason;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies images by reference: resolve, discover, verify, through the {@link VerdictCache}. The
 * cache key is the digest, the policy's identity and the trusted root's identity, so a verifier
 * built for a rotated trusted root never meets a verdict made under the old one, even in a shared
 * cache.
 *
 * <ul>
 *   <li>A reference with a digest is looked up in the cache before anything else: a hit costs no
 *       registry call; a miss reads the signatures straight away, and asks whether the image exists
 *       (HEAD) only when they do not verify it, so that a missing image is reported as the
 *       registry's refusal rather than as "not signed". A tag is resolved first (HEAD), then looked
 *       up.
 *   <li>On a miss, cosign's {@code .sig} layers are read and verified first; the referrers (two
 *       more registry calls on registries without the referrers API) are read only when the layers
 *       did not verify the image. Signatures are numbered as {@link SignatureVerifier} numbers
 *       them: layers first, then bundles; each is verified once.
 *   <li>A transport failure is {@link ImageVerification.RegistryUnavailable}; a refusal of the
 *       image or of access is {@link ImageVerification.RegistryRefused}. Neither is cached. An
 *       unexpected error while judging is a refusal ({@link RefusalCode#INTERNAL_ERROR}, fail
 *       closed, never cached).
 * </ul>
 *
 * <p>Thread-safe; build one per policy and trusted root and keep it.
 */
public final class ImageVerifier {
  private final RegistryClient registry;
  private final SignatureDiscovery discovery;
  private final SignatureVerifier verifier;
  private final VerdictCache cache;
  private final String policyIdentity;
  private final String trustRootIdentity;

  private ImageVerifier(
      RegistryClient registry,
      SignatureDiscovery discovery,
      SignatureVerifier verifier,
      VerdictCache cache) {
    this.registry = registry;
    this.discovery = discovery;
    this.verifier = verifier;
    this.cache = cache;
    this.policyIdentity = verifier.policyIdentity();
    this.trustRootIdentity = verifier.policy().trustedRoot().identity();
  }

  /**
   * A verifier reading from {@code registry} within {@code limits}, judging with {@code verifier}
   * (its policy, trusted root and clock), keeping verdicts in {@code cache} (which may be shared).
   */
  public static ImageVerifier create(
      RegistryClient registry,
      DiscoveryLimits limits,
      SignatureVerifier verifier,
      VerdictCache cache) {
    Objects.requireNonNull(registry, "registry");
    return new ImageVerifier(
        registry,
        SignatureDiscovery.create(registry, limits),
        Objects.requireNonNull(verifier, "verifier"),
        Objects.requireNonNull(cache, "cache"));
  }

  /** The signature verifier (policy, trusted root). */
  public SignatureVerifier signatureVerifier() {
    return verifier;
  }

  /** The cache key of {@code image}'s verdict under this verifier's policy and trusted root. */
  public VerdictKey key(Digest image) {
    return new VerdictKey(image, policyIdentity, trustRootIdentity);
  }

  /** The verdict on {@code image} held in the cache, if any; nothing else is read. */
  public Optional<Verdict> known(Digest image) {
    return cache.find(key(image));
  }

  /** Verifies {@code image}. Never throws for registry failures: see {@link ImageVerification}. */
  public ImageVerification verify(ImageReference image) {
    Objects.requireNonNull(image, "image");
    Optional<Digest> pinned = image.digest();
    if (pinned.isPresent()) {
      Optional<Verdict> hit = cache.find(key(pinned.get()));
      if (hit.isPresent()) {
        return new ImageVerification.Judged(image, pinned.get(), hit.get(), true);
      }
    }
    try {
      Digest digest = pinned.isPresent() ? pinned.get() : registry.resolve(image);
      VerdictKey key = key(digest);
      if (pinned.isEmpty()) {
        Optional<Verdict> hit = cache.find(key);
        if (hit.isPresent()) {
          return new ImageVerification.Judged(image, digest, hit.get(), true);
        }
      }
      Verdict verdict = judge(image.repository(), digest);
      if (pinned.isPresent() && !verdict.verified()) {
        // Only now ask whether the image exists: "no such image" is the registry's refusal,
        // not "not signed" (a verified signature needs no such request: cosign makes none).
        registry.resolve(image);
      }
      // Kept as long as its kind allows (refusals briefly, INTERNAL_ERROR never).
      cache.get(key, () -> verdict);
      return new ImageVerification.Judged(image, digest, verdict, false);
    } catch (RegistryUnavailableException e) {
      return new ImageVerification.RegistryUnavailable(image, e);
    } catch (RegistryRefusalException e) {
      return new ImageVerification.RegistryRefused(image, e);
    }
  }

  /** Discovers and verifies; an unexpected error is a refusal (fail closed). */
  private Verdict judge(Repository repository, Digest digest)
      throws RegistryRefusalException, RegistryUnavailableException {
    try {
      return discoverAndVerify(repository, digest);
    } catch (RuntimeException e) {
      return new Verdict(
          digest,
          Optional.empty(),
          List.of(
              new Reason(
                  0,
                  Optional.empty(),
                  RefusalCode.INTERNAL_ERROR,
                  "reading the signatures of "
                      + repository
                      + "@"
                      + digest
                      + " failed unexpectedly ("
                      + e
                      + "); refused, fail closed")));
    }
  }

  /**
   * cosign's layers first; the referrers only when the layers did not verify. Each signature is
   * verified once: the bundles' verdict is numbered after the layers and merged with theirs.
   */
  private Verdict discoverAndVerify(Repository repository, Digest digest)
      throws RegistryRefusalException, RegistryUnavailableException {
    DiscoveredSignatures cosign = discovery.cosign(repository, digest);
    Optional<Verdict> byLayers = Optional.empty();
    if (cosign.count() > 0) {
      Verdict verdict = verifier.verify(digest, cosign.cosignLayers(), List.of());
      if (verdict.verified()) {
        return withProblems(verdict, cosign.problems());
      }
      byLayers = Optional.of(verdict);
    }
    DiscoveredSignatures bundles =
        discovery.bundles(repository, digest, discovery.limits().maxSignatures() - cosign.count());
    List<DiscoveryProblem> problems = new ArrayList<>(cosign.problems());
    problems.addAll(bundles.problems());
    if (bundles.count() == 0) {
      if (byLayers.isPresent()) {
        return withProblems(byLayers.get(), problems);
      }
      // Signatures found but none readable: say why, not "no signature".
      return problems.isEmpty()
          ? verifier.verify(digest, List.of(), List.of())
          : new Verdict(digest, Optional.empty(), reasons(problems));
    }
    Verdict byBundles = verifier.verify(digest, List.of(), bundles.bundles());
    int offset = cosign.count();
    List<Reason> reasons = reasons(problems);
    byLayers.ifPresent(v -> reasons.addAll(v.reasons()));
    for (Reason r : byBundles.reasons()) {
      reasons.add(
          new Reason(
              r.signature() == 0 ? 0 : r.signature() + offset,
              r.authority(),
              r.code(),
              r.message()));
    }
    Optional<Verdict.Match> match =
        byBundles
            .match()
            .map(
                m ->
                    new Verdict.Match(
                        m.signature() + offset,
                        m.authority(),
                        m.signer(),
                        m.signingTime(),
                        m.timeSource()));
    return new Verdict(digest, match, reasons);
  }

  /** The verdict with the discovery problems first among its reasons. */
  private static Verdict withProblems(Verdict verdict, List<DiscoveryProblem> problems) {
    if (problems.isEmpty()) {
      return verdict;
    }
    List<Reason> reasons = reasons(problems);
    reasons.addAll(verdict.reasons());
    return new Verdict(verdict.image(), verdict.match(), reasons);
  }

  /**
   * Discovery problems as reasons about no particular signature (number 0): an unusable cosign
   * layer or manifest is {@link RefusalCode#MALFORMED_SIGNATURE}, an unusable referrer or bundle
   * {@link RefusalCode#MALFORMED_BUNDLE}.
   */
  private static List<Reason> reasons(List<DiscoveryProblem> problems) {
    List<Reason> reasons = new ArrayList<>();
    for (DiscoveryProblem problem : problems) {
      reasons.add(
          new Reason(
              0,
              Optional.empty(),
              problem.source() == DiscoveryProblem.Source.COSIGN
                  ? RefusalCode.MALFORMED_SIGNATURE
                  : RefusalCode.MALFORMED_BUNDLE,
              problem.message()));
    }
    return reasons;
  }
}
