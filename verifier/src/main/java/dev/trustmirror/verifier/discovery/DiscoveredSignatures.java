package dev.trustmirror.verifier.discovery;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.sigstore.CosignLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What discovery found for one image: the cosign layers and bundles to verify, in the order found,
 * and the signatures that were found but cannot be used.
 *
 * @param image the image digest whose signatures these are
 * @param cosignLayers the layers of {@code sha256-<hex>.sig}, each with its payload and annotations
 * @param bundles the Sigstore bundles of the image's referrers, exact bytes
 * @param problems what could not be used, in the order met
 */
public record DiscoveredSignatures(
    Digest image,
    List<CosignLayer> cosignLayers,
    List<byte[]> bundles,
    List<DiscoveryProblem> problems) {

  public DiscoveredSignatures {
    Objects.requireNonNull(image, "image");
    cosignLayers = List.copyOf(cosignLayers);
    bundles = bundles.stream().map(byte[]::clone).toList();
    problems = List.copyOf(problems);
  }

  /** Nothing at all: no signature and no problem. */
  public static DiscoveredSignatures none(Digest image) {
    return new DiscoveredSignatures(image, List.of(), List.of(), List.of());
  }

  @Override
  public List<byte[]> bundles() {
    return bundles.stream().map(byte[]::clone).toList();
  }

  /** The number of usable signatures (layers and bundles). */
  public int count() {
    return cosignLayers.size() + bundles.size();
  }

  /** These signatures followed by {@code more}'s (same image). */
  public DiscoveredSignatures plus(DiscoveredSignatures more) {
    if (!more.image.equals(image)) {
      throw new IllegalArgumentException(
          "Signatures of " + more.image + " cannot be added to those of " + image);
    }
    List<CosignLayer> layers = new ArrayList<>(cosignLayers);
    layers.addAll(more.cosignLayers);
    List<byte[]> allBundles = new ArrayList<>(bundles);
    allBundles.addAll(more.bundles);
    List<DiscoveryProblem> allProblems = new ArrayList<>(problems);
    allProblems.addAll(more.problems);
    return new DiscoveredSignatures(image, layers, allBundles, allProblems);
  }
}
