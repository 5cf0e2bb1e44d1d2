package dev.trustmirror.verifier.discovery;

import dev.trustmirror.verifier.discovery.DiscoveryProblem.Rule;
import dev.trustmirror.verifier.discovery.DiscoveryProblem.Source;
import dev.trustmirror.verifier.registry.ContentTooLargeException;
import dev.trustmirror.verifier.registry.Descriptor;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.DigestMismatchException;
import dev.trustmirror.verifier.registry.MalformedManifestException;
import dev.trustmirror.verifier.registry.ManifestContent;
import dev.trustmirror.verifier.registry.MediaTypes;
import dev.trustmirror.verifier.registry.RegistryAuthException;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.RegistryNotFoundException;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.registry.RegistryUnavailableException;
import dev.trustmirror.verifier.registry.Repository;
import dev.trustmirror.verifier.registry.Tag;
import dev.trustmirror.verifier.registry.TransportSecurityException;
import dev.trustmirror.verifier.sigstore.CosignLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an image's signatures from its registry: the layers of cosign's {@code sha256-<hex>.sig}
 * manifest, then the bundles of its OCI 1.1 referrers of artifact type {@value
 * MediaTypes#SIGSTORE_BUNDLE_V03}. Every blob is bounded and checked against its digest by the
 * {@link RegistryClient}; what cannot be used is a {@link DiscoveryProblem}.
 *
 * <p>For a multi-arch image, pass the index digest (what the reference resolves to): that is what
 * cosign signs and verifies. Thread-safe if the client is.
 */
public final class SignatureDiscovery {
  private final RegistryClient registry;
  private final DiscoveryLimits limits;

  private SignatureDiscovery(RegistryClient registry, DiscoveryLimits limits) {
    this.registry = registry;
    this.limits = limits;
  }

  /** Discovery through {@code registry} within {@code limits}. */
  public static SignatureDiscovery create(RegistryClient registry, DiscoveryLimits limits) {
    return new SignatureDiscovery(
        Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(limits, "limits"));
  }

  /** The limits. */
  public DiscoveryLimits limits() {
    return limits;
  }

  /**
   * Every signature of {@code image} in {@code repository}: cosign layers, then bundles, at most
   * {@link DiscoveryLimits#maxSignatures()} in all.
   *
   * @throws RegistryUnavailableException when the registry cannot be reached
   * @throws RegistryRefusalException only {@link RegistryAuthException} or {@link
   *     TransportSecurityException}: access itself is refused; any other refusal is about one
   *     signature and becomes a {@link DiscoveryProblem}
   */
  public DiscoveredSignatures discover(Repository repository, Digest image)
      throws RegistryRefusalException, RegistryUnavailableException {
    DiscoveredSignatures cosign = cosign(repository, image);
    return cosign.plus(bundles(repository, image, limits.maxSignatures() - cosign.count()));
  }

  /**
   * The layers of {@code <repository>:sha256-<hex>.sig}, at most {@link
   * DiscoveryLimits#maxSignatures()}; none when the tag does not exist (or the digest is not
   * SHA-256, for which cosign has no tag).
   */
  public DiscoveredSignatures cosign(Repository repository, Digest image)
      throws RegistryRefusalException, RegistryUnavailableException {
    if (image.algorithm() != Digest.Algorithm.SHA256) {
      return DiscoveredSignatures.none(image);
    }
    Tag tag = Tag.cosignSignature(image);
    String location = repository + ":" + tag;
    Optional<ManifestContent> manifest;
    try {
      manifest = registry.tagManifest(repository, tag);
    } catch (RegistryRefusalException e) {
      return refused(image, problem(Source.COSIGN, location, e));
    }
    if (manifest.isEmpty()) {
      return DiscoveredSignatures.none(image);
    }
    SignatureManifests.Plan plan =
        SignatureManifests.cosignLayers(manifest.get(), location, limits.maxPayloadBytes());
    List<DiscoveryProblem> problems = new ArrayList<>(plan.problems());
    List<Descriptor> layers =
        within(plan.read(), limits.maxSignatures(), Source.COSIGN, location, problems);
    List<CosignLayer> read = new ArrayList<>();
    for (Descriptor layer : layers) {
      Optional<byte[]> payload =
          blob(Source.COSIGN, repository, layer, limits.maxPayloadBytes(), problems);
      payload.ifPresent(p -> read.add(new CosignLayer(p, layer.annotations())));
    }
    return new DiscoveredSignatures(image, read, List.of(), problems);
  }

  /**
   * The Sigstore bundles attached to {@code image} as referrers, at most {@code budget} (0 reads
   * none, and says so when there are some).
   */
  public DiscoveredSignatures bundles(Repository repository, Digest image, int budget)
      throws RegistryRefusalException, RegistryUnavailableException {
    String listLocation = repository + "@" + image + " referrers";
    List<Descriptor> listed;
    try {
      listed = registry.referrers(repository, image, Optional.of(MediaTypes.SIGSTORE_BUNDLE_V03));
    } catch (RegistryRefusalException e) {
      return refused(image, problem(Source.REFERRERS, listLocation, e));
    }
    SignatureManifests.Plan referrers = SignatureManifests.referrers(listed, listLocation);
    List<DiscoveryProblem> problems = new ArrayList<>(referrers.problems());
    List<byte[]> bundles = new ArrayList<>();
    // Bounded before any manifest is read: a list of thousands of referrers costs nothing.
    for (Descriptor referrer :
        within(referrers.read(), budget, Source.REFERRERS, listLocation, problems)) {
      String location = repository + "@" + referrer.digest();
      ManifestContent manifest;
      try {
        manifest = registry.manifest(repository, referrer.digest());
      } catch (RegistryRefusalException e) {
        problems.add(problem(Source.REFERRERS, location, e));
        continue;
      }
      SignatureManifests.Plan plan =
          SignatureManifests.bundleLayers(manifest, image, location, limits.maxBundleBytes());
      problems.addAll(plan.problems());
      int left = budget - bundles.size();
      for (Descriptor layer : within(plan.read(), left, Source.REFERRERS, location, problems)) {
        blob(Source.REFERRERS, repository, layer, limits.maxBundleBytes(), problems)
            .ifPresent(bundles::add);
      }
    }
    return new DiscoveredSignatures(image, List.of(), bundles, problems);
  }

  /** The first {@code budget} of {@code candidates}; a problem says how many were left out. */
  private static List<Descriptor> within(
      List<Descriptor> candidates,
      int budget,
      Source source,
      String location,
      List<DiscoveryProblem> problems) {
    int keep = Math.max(0, budget);
    if (candidates.size() <= keep) {
      return candidates;
    }
    problems.add(
        new DiscoveryProblem(
            source,
            Rule.TOO_MANY_SIGNATURES,
            location,
            "Read only "
                + keep
                + " of the "
                + candidates.size()
                + " signatures at "
                + location
                + " because at most "
                + keep
                + " more signatures are read per image; the others were not verified"));
    return candidates.subList(0, keep);
  }

  /** A signature blob, checked against the descriptor's digest and size. */
  private Optional<byte[]> blob(
      Source source,
      Repository repository,
      Descriptor layer,
      long maxBytes,
      List<DiscoveryProblem> problems)
      throws RegistryRefusalException, RegistryUnavailableException {
    String location = repository + "@" + layer.digest();
    byte[] bytes;
    try {
      bytes = registry.blob(repository, layer.digest(), maxBytes);
    } catch (RegistryRefusalException e) {
      problems.add(problem(source, location, e));
      return Optional.empty();
    }
    if (bytes.length != layer.size()) {
      problems.add(
          new DiscoveryProblem(
              source,
              Rule.SIZE_MISMATCH,
              location,
              "Refused the blob "
                  + location
                  + " because it has "
                  + bytes.length
                  + " bytes while its descriptor says "
                  + layer.size()));
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /**
   * A refusal about one signature as a problem; a refusal of access itself (credentials, TLS) is
   * not about a signature and is thrown again.
   */
  static DiscoveryProblem problem(Source source, String location, RegistryRefusalException e)
      throws RegistryRefusalException {
    if (e instanceof RegistryAuthException || e instanceof TransportSecurityException) {
      throw e;
    }
    Rule rule;
    if (e instanceof MalformedManifestException malformed) {
      rule =
          malformed.rule() == MalformedManifestException.Rule.UNEXPECTED_KIND
              ? Rule.NOT_A_MANIFEST
              : Rule.MALFORMED_MANIFEST;
    } else if (e instanceof ContentTooLargeException) {
      rule = Rule.TOO_LARGE;
    } else if (e instanceof DigestMismatchException) {
      rule = Rule.DIGEST_MISMATCH;
    } else if (e instanceof RegistryNotFoundException) {
      rule = Rule.MISSING_CONTENT;
    } else {
      rule = Rule.UNEXPECTED_RESPONSE;
    }
    return new DiscoveryProblem(source, rule, location, e.getMessage());
  }

  private static DiscoveredSignatures refused(Digest image, DiscoveryProblem problem) {
    return new DiscoveredSignatures(image, List.of(), List.of(), List.of(problem));
  }
}
