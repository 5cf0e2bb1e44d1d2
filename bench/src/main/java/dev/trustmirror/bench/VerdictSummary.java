package dev.trustmirror.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the table of {@code bench/verify/run.sh} from {@link VerdictBenchmark}'s JMH results
 * ({@code jmh.json}, sample mode): samples, median and p99 of each benchmark in microseconds, the
 * ratios of pure verification to its ECDSA floor (JMH's, and the interleaved ones of {@link
 * VerdictFloorRatio} when its output is given, which the floor target is judged on), and each
 * target of issue 5 with whether it is met.
 */
public final class VerdictSummary {
  private static final String PREFIX = "dev.trustmirror.bench.VerdictBenchmark.";
  private static final double HIT_P99_TARGET_US = 50;
  private static final double FLOOR_RATIO_TARGET = 2;
  private static final double REGISTRY_P99_TARGET_US = 10_000;

  private record Sampled(long samples, double p50, double p99) {}

  private VerdictSummary() {}

  /** Entry point: {@code VerdictSummary JMH_JSON [INTERLEAVED_TXT]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: VerdictSummary JMH_JSON [INTERLEAVED_TXT]");
      System.exit(2);
    }
    Map<String, String> interleaved = new LinkedHashMap<>();
    if (args.length == 2 && Files.exists(Path.of(args[1]))) {
      for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          interleaved.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    JsonNode jmh = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    Optional<Sampled> hit = find(jmh, "cacheHit");
    Optional<Sampled> keyBased = find(jmh, "missKeyBased");
    Optional<Sampled> keyBasedFloor = find(jmh, "floorKeyBased");
    Optional<Sampled> keyless = find(jmh, "missKeyless");
    Optional<Sampled> keylessFloor = find(jmh, "floorKeyless");
    Optional<Sampled> registry = find(jmh, "missWithRegistryKeyless");
    Optional<Sampled> roundTrip = find(jmh, "registryRoundTrip");

    System.out.printf(
        Locale.ROOT, "%-44s %9s %11s %11s%n", "benchmark (µs)", "samples", "median", "p99");
    row("cache hit (digest reference)", hit);
    row("miss, key-based, pure verification", keyBased);
    row("  its ECDSA floor", keyBasedFloor);
    row("miss, keyless, pure verification", keyless);
    row("  its ECDSA floor", keylessFloor);
    row("miss, keyless, with docker-registry 127.0.0.1", registry);
    row("  one registry round trip (HEAD) of its three", roundTrip);
    System.out.println();
    ratio("key-based pure / floor (JMH, one after the other)", keyBased, keyBasedFloor);
    ratio("keyless pure / floor (JMH, one after the other)", keyless, keylessFloor);
    Optional<Double> keylessRatio = both(keyless, keylessFloor);
    if (interleaved.containsKey("keyless.ratio.p50")) {
      System.out.println();
      System.out.println("interleaved (" + interleaved.get("rounds") + " rounds, µs):");
      for (String name : new String[] {"keybased", "keyless"}) {
        System.out.printf(
            Locale.ROOT,
            "  %-9s pure median %s p99 %s | floor median %s p99 %s | ratio median %sx, p99 %sx%n",
            name,
            interleaved.get(name + ".pure.p50_us"),
            interleaved.get(name + ".pure.p99_us"),
            interleaved.get(name + ".floor.p50_us"),
            interleaved.get(name + ".floor.p99_us"),
            interleaved.get(name + ".ratio.p50"),
            interleaved.get(name + ".ratio.p99"));
      }
      keylessRatio = Optional.of(Double.parseDouble(interleaved.get("keyless.ratio.p50")));
    }
    System.out.println();
    target(
        "cache hit p99 < 50 µs",
        hit.map(s -> s.p99() < HIT_P99_TARGET_US),
        hit.map(s -> fmt(s.p99()) + " µs"));
    target(
        "keyless pure miss within 2x its ECDSA floor (medians)",
        keylessRatio.map(r -> r <= FLOOR_RATIO_TARGET),
        keylessRatio.map(r -> String.format(Locale.ROOT, "%.2fx", r)));
    target(
        "miss with registry p99 < 10 ms",
        registry.map(s -> s.p99() < REGISTRY_P99_TARGET_US),
        registry.map(s -> fmt(s.p99() / 1000) + " ms"));
  }

  private static Optional<Double> both(Optional<Sampled> a, Optional<Sampled> b) {
    return a.flatMap(x -> b.map(y -> x.p50() / y.p50()));
  }

  private static void row(String what, Optional<Sampled> sampled) {
    System.out.printf(
        Locale.ROOT,
        "%-44s %9s %11s %11s%n",
        what,
        sampled.map(s -> Long.toString(s.samples())).orElse("-"),
        sampled.map(s -> fmt(s.p50())).orElse("-"),
        sampled.map(s -> fmt(s.p99())).orElse("-"));
  }

  private static void ratio(String what, Optional<Sampled> a, Optional<Sampled> b) {
    System.out.printf(
        Locale.ROOT,
        "%-44s median %s, p99 %s%n",
        what,
        a.flatMap(x -> b.map(y -> String.format(Locale.ROOT, "%.2fx", x.p50() / y.p50())))
            .orElse("-"),
        a.flatMap(x -> b.map(y -> String.format(Locale.ROOT, "%.2fx", x.p99() / y.p99())))
            .orElse("-"));
  }

  private static void target(String what, Optional<Boolean> met, Optional<String> value) {
    System.out.printf(
        Locale.ROOT,
        "target: %-54s %-10s %s%n",
        what,
        value.orElse("-"),
        met.map(m -> m ? "MET" : "NOT MET").orElse("not measured"));
  }

  private static String fmt(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  private static Optional<Sampled> find(JsonNode jmh, String method) {
    for (JsonNode run : jmh) {
      if (run.path("benchmark").asText().equals(PREFIX + method)) {
        JsonNode metric = run.path("primaryMetric");
        long samples = 0;
        for (JsonNode iteration : metric.path("rawDataHistogram")) {
          for (JsonNode pairs : iteration) {
            for (JsonNode pair : pairs) {
              samples += pair.get(1).asLong();
            }
          }
        }
        JsonNode percentiles = metric.path("scorePercentiles");
        return Optional.of(
            new Sampled(
                samples, percentiles.path("50.0").asDouble(), percentiles.path("99.0").asDouble()));
      }
    }
    return Optional.empty();
  }
}
