package dev.trustmirror.bench;

import dev.trustmirror.verifier.registry.Descriptor;
import dev.trustmirror.verifier.registry.ImageManifest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.ManifestContent;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.registry.Tag;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of a cache miss with the registry goes: the three requests {@code ImageVerifier}
 * makes for a digest reference signed the cosign way (HEAD of the manifest, GET of the {@code .sig}
 * manifest, GET of its layer blob) and the keyless verification, each timed on its own, in turn,
 * image after image ({@link VerdictScenario#IMAGES} of them, in docker-registry on 127.0.0.1).
 * Prints {@code key=value} lines: median and p90 in microseconds.
 *
 * <pre>java -cp ... dev.trustmirror.bench.VerdictRegistryBreakdown [PASSES]   (default 2)</pre>
 */
public final class VerdictRegistryBreakdown {
  private static final String[] PARTS = {
    "head_manifest", "get_sig_manifest", "get_payload_blob", "verify_keyless"
  };

  private VerdictRegistryBreakdown() {}

  /** Entry point: {@code [PASSES]} measured passes over the images, after one warm-up pass. */
  public static void main(String[] args) throws Exception {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    try (VerdictScenario scenario = VerdictScenario.create(VerdictScenario.IMAGES, true)) {
      RegistryClient client = scenario.client.orElseThrow();
      int count = scenario.images.size();
      long[][] times = new long[PARTS.length][count * passes];
      for (int pass = -1; pass < passes; pass++) {
        for (int i = 0; i < count; i++) {
          long[] t = once(client, scenario, scenario.images.get(i));
          if (pass >= 0) {
            for (int k = 0; k < PARTS.length; k++) {
              times[k][pass * count + i] = t[k];
            }
          }
        }
      }
      System.out.println("breakdown.samples=" + count * passes);
      for (int k = 0; k < PARTS.length; k++) {
        long[] sorted = times[k].clone();
        Arrays.sort(sorted);
        System.out.printf(
            Locale.ROOT,
            "breakdown.%s.p50_us=%.1f%nbreakdown.%s.p90_us=%.1f%n",
            PARTS[k],
            sorted[sorted.length / 2] / 1000.0,
            PARTS[k],
            sorted[sorted.length * 9 / 10] / 1000.0);
      }
    }
  }

  /** The four parts for one image, in nanoseconds. */
  private static long[] once(
      RegistryClient client, VerdictScenario scenario, VerdictScenario.Image image)
      throws Exception {
    ImageReference reference = image.byDigest().orElseThrow();
    long[] t = new long[PARTS.length];
    long start = System.nanoTime();
    client.resolve(reference);
    t[0] = System.nanoTime() - start;
    start = System.nanoTime();
    ManifestContent signatures =
        client
            .tagManifest(reference.repository(), Tag.cosignSignature(image.digest()))
            .orElseThrow();
    t[1] = System.nanoTime() - start;
    Descriptor layer = ((ImageManifest) signatures.manifest()).layers().get(0);
    start = System.nanoTime();
    client.blob(reference.repository(), layer.digest(), 64 * 1024);
    t[2] = System.nanoTime() - start;
    start = System.nanoTime();
    Verdict verdict = scenario.keyless.verify(image.digest(), image.keyless(), List.of());
    t[3] = System.nanoTime() - start;
    if (!verdict.verified()) {
      throw new IllegalStateException("expected verified: " + verdict.summary());
    }
    return t;
  }
}
