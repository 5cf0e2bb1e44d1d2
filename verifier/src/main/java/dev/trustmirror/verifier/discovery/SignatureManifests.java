package dev.trustmirror.verifier.discovery;

import dev.trustmirror.verifier.discovery.DiscoveryProblem.Rule;
import dev.trustmirror.verifier.discovery.DiscoveryProblem.Source;
import dev.trustmirror.verifier.registry.Descriptor;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageManifest;
import dev.trustmirror.verifier.registry.ManifestContent;
import dev.trustmirror.verifier.registry.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from manifests already received and checked against their digests, which blobs are
 * signatures to read: pure, no I/O. Whatever is refused becomes a {@link DiscoveryProblem}.
 */
final class SignatureManifests {
  /**
   * Layer media types of Sigstore bundles ({@code application/vnd.dev.sigstore.bundle.v0.3+json}).
   */
  static final String BUNDLE_MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";

  /**
   * Blobs to read and what was refused on the way.
   *
   * @param read the descriptors of the blobs to read, in order
   * @param problems what will not be read, and why
   */
  record Plan(List<Descriptor> read, List<DiscoveryProblem> problems) {
    Plan {
      read = List.copyOf(read);
      problems = List.copyOf(problems);
    }

    static Plan refused(DiscoveryProblem problem) {
      return new Plan(List.of(), List.of(problem));
    }
  }

  private SignatureManifests() {}

  /**
   * The simple-signing layers of a cosign signature manifest: layers of other media types are not
   * signatures and are skipped (cosign writes none); a layer announced longer than {@code
   * maxPayloadBytes} is refused without being read.
   */
  static Plan cosignLayers(ManifestContent signatures, String location, long maxPayloadBytes) {
    if (!(signatures.manifest() instanceof ImageManifest manifest)) {
      return Plan.refused(
          new DiscoveryProblem(
              Source.COSIGN,
              Rule.NOT_A_MANIFEST,
              location,
              "Tried to read the cosign signatures at "
                  + location
                  + " but the tag holds a "
                  + signatures.mediaType()
                  + ", not a signature manifest"));
    }
    List<Descriptor> read = new ArrayList<>();
    List<DiscoveryProblem> problems = new ArrayList<>();
    int number = 0;
    for (Descriptor layer : manifest.layers()) {
      number++;
      if (!layer.mediaType().equals(MediaTypes.COSIGN_SIMPLE_SIGNING)) {
        continue;
      }
      if (layer.size() > maxPayloadBytes) {
        problems.add(
            tooLarge(
                Source.COSIGN, location, "layer " + number, layer, "payload", maxPayloadBytes));
      } else {
        read.add(layer);
      }
    }
    return new Plan(read, problems);
  }

  /**
   * The referrer manifests to read from a referrers list: each digest once, manifests only (an
   * index cannot hold a bundle layer).
   */
  static Plan referrers(List<Descriptor> listed, String location) {
    Map<Digest, Descriptor> unique = new LinkedHashMap<>();
    List<DiscoveryProblem> problems = new ArrayList<>();
    for (Descriptor descriptor : listed) {
      if (!MediaTypes.MANIFESTS.contains(descriptor.mediaType())) {
        problems.add(
            new DiscoveryProblem(
                Source.REFERRERS,
                Rule.NOT_A_MANIFEST,
                location,
                "Tried to read the referrer "
                    + descriptor.digest()
                    + " listed at "
                    + location
                    + " but it is a "
                    + descriptor.mediaType()
                    + ", not an image manifest that could hold a bundle"));
      } else {
        unique.putIfAbsent(descriptor.digest(), descriptor);
      }
    }
    return new Plan(List.copyOf(unique.values()), problems);
  }

  /**
   * The bundle layers of one referrer manifest, which must refer to {@code image}: the referrers
   * list is the registry's word, the manifest's {@code subject} is checked here.
   */
  static Plan bundleLayers(
      ManifestContent referrer, Digest image, String location, long maxBundleBytes) {
    if (!(referrer.manifest() instanceof ImageManifest manifest)) {
      return Plan.refused(
          new DiscoveryProblem(
              Source.REFERRERS,
              Rule.NOT_A_MANIFEST,
              location,
              "Tried to read the bundle referrer "
                  + location
                  + " but it is a "
                  + referrer.mediaType()
                  + ", not a manifest"));
    }
    Optional<Digest> subject = manifest.subject().map(Descriptor::digest);
    if (subject.isEmpty() || !subject.get().equals(image)) {
      return Plan.refused(
          new DiscoveryProblem(
              Source.REFERRERS,
              Rule.SUBJECT_MISMATCH,
              location,
              "Refused the bundle referrer "
                  + location
                  + " because its subject is "
                  + subject.map(Digest::toString).orElse("absent")
                  + ", not the image "
                  + image
                  + " it was listed for"));
    }
    List<Descriptor> read = new ArrayList<>();
    List<DiscoveryProblem> problems = new ArrayList<>();
    int number = 0;
    for (Descriptor layer : manifest.layers()) {
      number++;
      if (!layer.mediaType().startsWith(BUNDLE_MEDIA_TYPE_PREFIX)) {
        continue;
      }
      if (layer.size() > maxBundleBytes) {
        problems.add(
            tooLarge(
                Source.REFERRERS, location, "layer " + number, layer, "bundle", maxBundleBytes));
      } else {
        read.add(layer);
      }
    }
    if (read.isEmpty() && problems.isEmpty()) {
      problems.add(
          new DiscoveryProblem(
              Source.REFERRERS,
              Rule.NO_BUNDLE_LAYER,
              location,
              "Tried to read the bundle of the referrer "
                  + location
                  + " but none of its "
                  + manifest.layers().size()
                  + " layers has a Sigstore bundle media type ("
                  + MediaTypes.SIGSTORE_BUNDLE_V03
                  + ")"));
    }
    return new Plan(read, problems);
  }

  private static DiscoveryProblem tooLarge(
      Source source, String location, String which, Descriptor layer, String what, long limit) {
    return new DiscoveryProblem(
        source,
        Rule.TOO_LARGE,
        location,
        "Refused "
            + which
            + " of "
            + location
            + " ("
            + layer.digest()
            + ") without reading it because the manifest announces "
            + layer.size()
            + " bytes, more than the "
            + limit
            + " accepted for a "
            + what);
  }
}
