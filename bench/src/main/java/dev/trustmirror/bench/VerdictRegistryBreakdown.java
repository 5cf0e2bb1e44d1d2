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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Where the time of a cache miss with the registry goes: the three requests {@code ImageVerifier}
 * makes for a digest reference signed the cosign way (HEAD of the manifest, GET of the {@code .sig}
 * manifest, GET of its layer blob) and the keyless verification, each timed on its own, in turn,
 * image after image ({@link VerdictScenario#IMAGES} of them, in docker-registry on 127.0.0.1); and,
 * for scale, the HEAD and the {@code .sig} manifest GET started together (the second on another
 * thread), which a digest reference would allow since neither needs the other's answer; and the
 * same three requests over a plain socket ({@link VerdictRawHttp}): the registry's own service time
 * and loopback, without any HTTP client. Prints {@code key=value} lines: median, p90 and p99 in
 * microseconds.
 *
 * <pre>java -cp ... dev.trustmirror.bench.VerdictRegistryBreakdown [PASSES]   (default 2)</pre>
 */
public final class VerdictRegistryBreakdown {
  private static final String[] PARTS = {
    "head_manifest",
    "get_sig_manifest",
    "get_payload_blob",
    "verify_keyless",
    "head_and_sig_manifest_overlapped",
    "raw_head_manifest",
    "raw_get_sig_manifest",
    "raw_get_payload_blob"
  };

  private static final String MANIFEST_TYPES =
      "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json";

  private VerdictRegistryBreakdown() {}

  /** Entry point: {@code [PASSES]} measured passes over the images, after one warm-up pass. */
  public static void main(String[] args) throws Exception {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    ExecutorService second = Executors.newSingleThreadExecutor();
    try (VerdictScenario scenario = VerdictScenario.create(VerdictScenario.IMAGES, true);
        VerdictRawHttp raw = new VerdictRawHttp(scenario.registry.orElseThrow().host())) {
      RegistryClient client = scenario.client.orElseThrow();
      int count = scenario.images.size();
      long[][] times = new long[PARTS.length][count * passes];
      for (int pass = -1; pass < passes; pass++) {
        for (int i = 0; i < count; i++) {
          long[] t = once(client, scenario, scenario.images.get(i), second, raw);
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
            "breakdown.%s.p50_us=%.1f%nbreakdown.%s.p90_us=%.1f%nbreakdown.%s.p99_us=%.1f%n",
            PARTS[k],
            sorted[sorted.length / 2] / 1000.0,
            PARTS[k],
            sorted[sorted.length * 9 / 10] / 1000.0,
            PARTS[k],
            sorted[sorted.length * 99 / 100] / 1000.0);
      }
    } finally {
      second.shutdownNow();
    }
  }

  /** The parts for one image, in nanoseconds. */
  private static long[] once(
      RegistryClient client,
      VerdictScenario scenario,
      VerdictScenario.Image image,
      ExecutorService second,
      VerdictRawHttp raw)
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
    start = System.nanoTime();
    Future<Optional<ManifestContent>> sig =
        second.submit(
            () -> client.tagManifest(reference.repository(), Tag.cosignSignature(image.digest())));
    client.resolve(reference);
    sig.get().orElseThrow();
    t[4] = System.nanoTime() - start;
    String base = "/v2/" + VerdictScenario.REPOSITORY;
    String[][] requests = {
      {"HEAD", base + "/manifests/" + image.digest(), MANIFEST_TYPES},
      {"GET", base + "/manifests/" + Tag.cosignSignature(image.digest()).name(), MANIFEST_TYPES},
      {"GET", base + "/blobs/" + layer.digest(), ""}
    };
    for (int r = 0; r < requests.length; r++) {
      start = System.nanoTime();
      int status = raw.exchange(requests[r][0], requests[r][1], requests[r][2]);
      t[5 + r] = System.nanoTime() - start;
      if (status != 200) {
        throw new IllegalStateException(requests[r][1] + " answered " + status);
      }
    }
    return t;
  }
}
