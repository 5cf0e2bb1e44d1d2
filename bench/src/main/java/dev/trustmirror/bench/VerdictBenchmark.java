package dev.trustmirror.bench;

import dev.trustmirror.verifier.image.ImageVerification;
import dev.trustmirror.verifier.image.ImageVerifier;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Verdict latency of issue 5, side by side in one JMH run (sample mode: median and p99), each call
 * on the next of {@link VerdictScenario#IMAGES} images signed with their own certificates:
 *
 * <ul>
 *   <li>{@link #cacheHit()}: {@code ImageVerifier.verify} of a digest reference whose verdict is
 *       cached: no registry call, no cryptography;
 *   <li>{@link #missKeyBased()}, {@link #missKeyless()}: {@code SignatureVerifier.verify} of a
 *       cosign layer already in memory (key: ECDSA P-256 signature and Rekor SET; keyless: Fulcio
 *       certificate, SCT, SET, CA path, identity), no cache;
 *   <li>{@link #floorKeyBased()}, {@link #floorKeyless()}: the very ECDSA verifications one such
 *       call performs, recorded, then replayed with the verifier's own ECDSA implementation ({@link
 *       VerdictEcdsaFloor});
 *   <li>{@link #missWithRegistryKeyless()}: {@code ImageVerifier.verify} of a digest reference with
 *       a cache that keeps nothing: resolve (HEAD), the {@code .sig} manifest and its layer blob
 *       from docker-registry on 127.0.0.1 (three requests), then keyless verification.
 * </ul>
 *
 * Each checks its result, so that nothing is optimized away and no wrong answer is timed. No
 * assertion on time: the figures go to docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 4)
public class VerdictBenchmark {
  private VerdictScenario scenario;
  private ImageVerifier caching;
  private ImageVerifier uncached;
  private VerdictEcdsaFloor keyBasedFloor;
  private VerdictEcdsaFloor keylessFloor;
  private int next;

  /**
   * The images: in docker-registry for the benchmarks that read it (and every verdict cached for
   * {@link #cacheHit()}), in memory for the others, whose ECDSA floors are recorded here.
   */
  @Setup(Level.Trial)
  public void start(BenchmarkParams params) throws Exception {
    String benchmark = params.getBenchmark();
    boolean roundTrip = benchmark.endsWith(".registryRoundTrip");
    boolean registry =
        roundTrip
            || benchmark.endsWith(".cacheHit")
            || benchmark.endsWith(".missWithRegistryKeyless");
    scenario = VerdictScenario.create(roundTrip ? 1 : VerdictScenario.IMAGES, registry);
    if (registry) {
      caching = scenario.cachingKeyless();
      uncached = scenario.uncachedKeyless();
      if (benchmark.endsWith(".cacheHit")) {
        for (VerdictScenario.Image image : scenario.images) {
          require(caching.verify(image.byDigest().orElseThrow()));
        }
      }
    } else {
      keyBasedFloor = VerdictEcdsaFloor.record(() -> require(missKeyBased()));
      keylessFloor = VerdictEcdsaFloor.record(() -> require(missKeyless()));
      System.out.println("key-based floor: " + keyBasedFloor + "; keyless floor: " + keylessFloor);
    }
  }

  /** Stops the registry. */
  @TearDown(Level.Trial)
  public void stop() {
    scenario.close();
  }

  private VerdictScenario.Image nextImage() {
    VerdictScenario.Image image = scenario.images.get(next);
    next = (next + 1) % scenario.images.size();
    return image;
  }

  /** A cached verdict for a digest reference. */
  @Benchmark
  public ImageVerification cacheHit() {
    ImageVerification result = caching.verify(nextImage().byDigest().orElseThrow());
    if (!(result instanceof ImageVerification.Judged judged) || !judged.fromCache()) {
      throw new IllegalStateException("expected a cache hit: " + result);
    }
    return result;
  }

  /** Key-based verification of a layer in memory. */
  @Benchmark
  public Verdict missKeyBased() {
    VerdictScenario.Image image = nextImage();
    return require(scenario.keyBased.verify(image.digest(), image.keyBased(), List.of()));
  }

  /** Keyless verification of a layer in memory. */
  @Benchmark
  public Verdict missKeyless() {
    VerdictScenario.Image image = nextImage();
    return require(scenario.keyless.verify(image.digest(), image.keyless(), List.of()));
  }

  /** The ECDSA verifications of one {@link #missKeyBased()}, replayed. */
  @Benchmark
  public int floorKeyBased() {
    return replay(keyBasedFloor);
  }

  /** The ECDSA verifications of one {@link #missKeyless()}, replayed. */
  @Benchmark
  public int floorKeyless() {
    return replay(keylessFloor);
  }

  /** Resolve, discover and verify keyless through docker-registry on 127.0.0.1, no cache. */
  @Benchmark
  public ImageVerification missWithRegistryKeyless() {
    ImageVerification result = uncached.verify(nextImage().byDigest().orElseThrow());
    require(result);
    if (((ImageVerification.Judged) result).fromCache()) {
      throw new IllegalStateException("expected a miss");
    }
    return result;
  }

  /**
   * One registry round trip, for scale: {@code RegistryClient.resolve} of a digest reference (a
   * HEAD of the manifest), the first of the three requests of {@link #missWithRegistryKeyless()}.
   */
  @Benchmark
  public Digest registryRoundTrip() throws Exception {
    VerdictScenario.Image image = nextImage();
    Digest digest = scenario.client.orElseThrow().resolve(image.byDigest().orElseThrow());
    if (!digest.equals(image.digest())) {
      throw new IllegalStateException("resolved " + digest + ", expected " + image.digest());
    }
    return digest;
  }

  private static int replay(VerdictEcdsaFloor floor) {
    int same = floor.replay();
    if (same != floor.size()) {
      throw new IllegalStateException("a replayed verification gave another result: " + floor);
    }
    return same;
  }

  private static Verdict require(Verdict verdict) {
    if (!verdict.verified()) {
      throw new IllegalStateException("expected verified: " + verdict.summary());
    }
    return verdict;
  }

  private static void require(ImageVerification result) {
    if (!result.verified()) {
      throw new IllegalStateException("expected verified: " + result);
    }
  }
}
