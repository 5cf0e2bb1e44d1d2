package dev.trustmirror.bench;

import dev.trustmirror.verifier.sigstore.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ratio of pure verification to its ECDSA floor, interleaved: each round verifies the next
 * image keyless and key-based and replays both floors, in turn, so that both sides of each ratio
 * meet the same machine load (JMH runs its benchmarks one after the other, and on a shared machine
 * the load changes between them more than the ratio does). Prints {@code key=value} lines: median
 * and p99 in microseconds of each side, and the ratios of the medians and of the p99s.
 *
 * <pre>java -cp ... dev.trustmirror.bench.VerdictFloorRatio [ROUNDS]   (default 1500)</pre>
 */
public final class VerdictFloorRatio {
  private static final int WARMUP_ROUNDS = 1500;

  private VerdictFloorRatio() {}

  /** Entry point: {@code [ROUNDS]}. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
    try (VerdictScenario scenario = VerdictScenario.create(VerdictScenario.IMAGES, false)) {
      // Each side cycles through all the images: a certificate seen again within the JDK's 750
      // would skip its signature check (see VerdictScenario).
      int[] nextKeyless = {0};
      int[] nextKeyBased = {0};
      int count = scenario.images.size();
      Runnable keyless =
          () -> {
            VerdictScenario.Image image = scenario.images.get(nextKeyless[0]++ % count);
            require(scenario.keyless.verify(image.digest(), image.keyless(), List.of()));
          };
      Runnable keyBased =
          () -> {
            VerdictScenario.Image image = scenario.images.get(nextKeyBased[0]++ % count);
            require(scenario.keyBased.verify(image.digest(), image.keyBased(), List.of()));
          };
      VerdictEcdsaFloor keylessFloor = VerdictEcdsaFloor.record(keyless);
      VerdictEcdsaFloor keyBasedFloor = VerdictEcdsaFloor.record(keyBased);
      Runnable[] work = {keyless, replay(keylessFloor), keyBased, replay(keyBasedFloor)};
      long[][] times = new long[work.length][rounds];
      for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
        // Alternate the order so that no side always runs right after the other.
        for (int k = 0; k < work.length; k++) {
          int i = round % 2 == 0 ? k : work.length - 1 - k;
          long start = System.nanoTime();
          work[i].run();
          long elapsed = System.nanoTime() - start;
          if (round >= 0) {
            times[i][round] = elapsed;
          }
        }
      }
      System.out.println("keyless.floor=" + keylessFloor);
      System.out.println("keybased.floor=" + keyBasedFloor);
      System.out.println("rounds=" + rounds);
      print("keyless", times[0], times[1]);
      print("keybased", times[2], times[3]);
    }
  }

  private static Runnable replay(VerdictEcdsaFloor floor) {
    return () -> {
      if (floor.replay() != floor.size()) {
        throw new IllegalStateException("a replayed verification gave another result: " + floor);
      }
    };
  }

  private static void print(String name, long[] pure, long[] floor) {
    Arrays.sort(pure);
    Arrays.sort(floor);
    double pureP50 = micros(percentile(pure, 0.50));
    double pureP99 = micros(percentile(pure, 0.99));
    double floorP50 = micros(percentile(floor, 0.50));
    double floorP99 = micros(percentile(floor, 0.99));
    System.out.printf(Locale.ROOT, "%s.pure.p50_us=%.1f%n", name, pureP50);
    System.out.printf(Locale.ROOT, "%s.pure.p99_us=%.1f%n", name, pureP99);
    System.out.printf(Locale.ROOT, "%s.floor.p50_us=%.1f%n", name, floorP50);
    System.out.printf(Locale.ROOT, "%s.floor.p99_us=%.1f%n", name, floorP99);
    System.out.printf(Locale.ROOT, "%s.ratio.p50=%.2f%n", name, pureP50 / floorP50);
    System.out.printf(Locale.ROOT, "%s.ratio.p99=%.2f%n", name, pureP99 / floorP99);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

  private static void require(Verdict verdict) {
    if (!verdict.verified()) {
      throw new IllegalStateException("expected verified: " + verdict.summary());
    }
  }
}
