package dev.trustmirror.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the summary table of {@code bench/run.sh} from its results directory: JMH medians ({@code
 * jmh.json}), the ratio ours/peer, HTTP requests ({@code requests.txt}), the first-sync breakdown
 * ({@code phases.txt}), ECDSA verifications ({@code signatures.txt}) and the CLI runs ({@code
 * cli-runs.tsv}), with each target of issue 2 and whether it is met.
 */
public final class Summary {
  private static final String PKG = "dev.trustmirror.bench.";
  private static final double REFRESH_TARGET_MS = 20;
  private static final double RATIO_TARGET = 1.5;
  private static final Map<String, String> CLI_KINDS =
      Map.of(
          "version", "--version only (JVM start-up)",
          "first-sync", "sync, first, from 1.root.json",
          "no-change-rerun", "sync, no-change re-run (same --out)");

  private final Path results;
  private final List<Row> rows = new ArrayList<>();

  private record Row(String what, String value) {}

  private record Sampled(double p50, double p90, long samples) {}

  private Summary(Path results) {
    this.results = results;
  }

  /** Entry point: {@code Summary RESULTS_DIR}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Summary RESULTS_DIR");
      System.exit(2);
    }
    Summary summary = new Summary(Path.of(args[0]));
    summary.collect();
    summary.print();
  }

  private void collect() throws IOException {
    JsonNode jmh = new ObjectMapper().readTree(results.resolve("jmh.json").toFile());
    Map<String, String> requests = keyValues(results.resolve("requests.txt"));
    Map<String, String> phases = keyValues(results.resolve("phases.txt"));
    Map<String, String> signatures = keyValues(results.resolve("signatures.txt"));
    int peerRoot = SigstoreJavaPeer.LOWEST_READABLE_ROOT;

    Optional<Sampled> ours1 = find(jmh, "FirstSyncBenchmark.firstSync", "pinnedRoot", "1");
    Optional<Sampled> oursPeerRoot =
        find(jmh, "FirstSyncBenchmark.firstSync", "pinnedRoot", "" + peerRoot);
    Optional<Sampled> update1 = find(jmh, "FirstSyncBenchmark.updateOnly", "pinnedRoot", "1");
    Optional<Sampled> updatePeerRoot =
        find(jmh, "FirstSyncBenchmark.updateOnly", "pinnedRoot", "" + peerRoot);
    Optional<Sampled> peer =
        find(jmh, "PeerFirstSyncBenchmark.firstUpdate", "peerRoot", "" + peerRoot);
    Optional<Sampled> refresh = find(jmh, "RefreshBenchmark.refresh", null, null);
    Optional<Sampled> noChange = find(jmh, "RefreshBenchmark.noChangeSync", null, null);

    add("(a)  ours, first sync + publish, pinned 1.root.json", ms(ours1));
    add("(a') ours, first sync + publish, pinned " + peerRoot + ".root.json", ms(oursPeerRoot));
    add("     ours, TUF update only (no disk), pinned 1.root.json", ms(update1));
    add(
        "     ours, TUF update only (no disk), pinned " + peerRoot + ".root.json",
        ms(updatePeerRoot));
    add("(c)  sigstore-java Updater, first update, pinned " + peerRoot + ".root.json", ms(peer));
    add("ratio (a)/(c)", ratio(ours1, peer));
    add("ratio (a')/(c)  [same starting root]", ratio(oursPeerRoot, peer));
    add("ratio update-only(" + peerRoot + ")/(c)  [no publish]", ratio(updatePeerRoot, peer));
    double interleaved1 =
        interleavedRatio(phases, "ours.first_sync.root1", "peer.update_over_http.root" + peerRoot);
    double interleavedSame =
        interleavedRatio(
            phases, "ours.first_sync.root" + peerRoot, "peer.update_over_http.root" + peerRoot);
    add(
        "ratio interleaved: ours first sync (1.root) / peer",
        String.format(Locale.ROOT, "%.2f", interleaved1));
    add(
        "ratio interleaved: ours first sync (" + peerRoot + ".root) / peer",
        String.format(Locale.ROOT, "%.2f", interleavedSame));

    add("(b)  ours, no-change refresh (warm)", ms(refresh));
    add("     ours, no-change sync (state from disk + refresh)", ms(noChange));
    add(
        "HTTP requests per no-change refresh",
        requests.getOrDefault("ours.refresh.http_requests_per_run", "n/a"));
    add(
        "HTTP requests per no-change sync",
        requests.getOrDefault("ours.no_change_sync.http_requests_per_run", "n/a"));
    add(
        "HTTP requests, first sync: ours (1.root) / ours (" + peerRoot + ".root) / peer",
        requests.getOrDefault("ours.first_sync.root1.http_requests", "?")
            + " / "
            + requests.getOrDefault("ours.first_sync.root" + peerRoot + ".http_requests", "?")
            + " / "
            + requests.getOrDefault("peer.first_sync.root" + peerRoot + ".http_requests", "?"));
    signatures.forEach((k, v) -> add("signatures: " + k, v));
    phases.forEach((k, v) -> add("breakdown (interleaved): " + k, v));
    cliRows();

    add("", "");
    double refreshP50 = refresh.map(Sampled::p50).orElse(Double.NaN);
    String perRefresh = requests.getOrDefault("ours.refresh.http_requests_per_run", "NaN");
    add(
        "TARGET no-change refresh < 20 ms warm",
        verdict(refreshP50 < REFRESH_TARGET_MS)
            + String.format(Locale.ROOT, " (p0.50 %.2f ms)", refreshP50));
    add(
        "TARGET no-change refresh = 1 HTTP request",
        verdict(Double.parseDouble(perRefresh) == 1.0) + " (" + perRefresh + " per refresh)");
    double r = ratioValue(ours1, peer);
    double rSame = ratioValue(oursPeerRoot, peer);
    add(
        "TARGET full sync <= 1.5x bare Updater (from 1.root)",
        verdict(r <= RATIO_TARGET)
            + String.format(Locale.ROOT, " (JMH %.2fx)", r)
            + "; "
            + verdict(interleaved1 <= RATIO_TARGET)
            + String.format(Locale.ROOT, " (interleaved %.2fx)", interleaved1));
    add(
        "TARGET full sync <= 1.5x bare Updater (same root)",
        verdict(rSame <= RATIO_TARGET)
            + String.format(Locale.ROOT, " (JMH %.2fx)", rSame)
            + "; "
            + verdict(interleavedSame <= RATIO_TARGET)
            + String.format(Locale.ROOT, " (interleaved %.2fx)", interleavedSame));
  }

  private void cliRows() throws IOException {
    Path tsv = results.resolve("cli-runs.tsv");
    if (!Files.exists(tsv)) {
      add("CLI", "not measured (no cli-runs.tsv)");
      return;
    }
    // run, kind, wall_ms, max_rss_kb, peak_heap_kb, max_after_gc_kb
    Map<String, List<double[]>> byKind = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length < 6 || f[0].equals("run")) {
        continue;
      }
      byKind
          .computeIfAbsent(f[1], k -> new ArrayList<>())
          .add(
              new double[] {
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5])
              });
    }
    byKind.forEach(
        (kind, runs) ->
            add(
                "CLI " + CLI_KINDS.getOrDefault(kind, kind) + " (median of " + runs.size() + ")",
                String.format(
                    Locale.ROOT,
                    "wall %.0f ms, peak heap used %.1f MiB (%s), max RSS %.1f MiB",
                    median(runs, 0),
                    median(runs, 2) / 1024,
                    median(runs, 3) == 0
                        ? "no GC ran"
                        : String.format(Locale.ROOT, "max after GC %.1f", median(runs, 3) / 1024),
                    median(runs, 1) / 1024)));
  }

  private static double median(List<double[]> runs, int column) {
    double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static Optional<Sampled> find(JsonNode jmh, String name, String param, String value) {
    for (JsonNode run : jmh) {
      if (!run.path("benchmark").asText().equals(PKG + name)) {
        continue;
      }
      if (param != null && !run.path("params").path(param).asText().equals(value)) {
        continue;
      }
      JsonNode metric = run.path("primaryMetric");
      JsonNode pct = metric.path("scorePercentiles");
      long samples = 0;
      for (JsonNode fork : metric.path("rawDataHistogram")) {
        for (JsonNode iteration : fork) {
          for (JsonNode bucket : iteration) {
            samples += bucket.get(1).asLong();
          }
        }
      }
      return Optional.of(
          new Sampled(pct.path("50.0").asDouble(), pct.path("90.0").asDouble(), samples));
    }
    return Optional.empty();
  }

  private static String ms(Optional<Sampled> s) {
    return s.map(
            v ->
                String.format(
                    Locale.ROOT,
                    "p0.50 %.2f ms  (p0.90 %.2f, n=%d)",
                    v.p50(),
                    v.p90(),
                    v.samples()))
        .orElse("not run");
  }

  private static double ratioValue(Optional<Sampled> ours, Optional<Sampled> peer) {
    return ours.isPresent() && peer.isPresent() ? ours.get().p50() / peer.get().p50() : Double.NaN;
  }

  private static String ratio(Optional<Sampled> ours, Optional<Sampled> peer) {
    return String.format(Locale.ROOT, "%.2f", ratioValue(ours, peer));
  }

  private static double interleavedRatio(Map<String, String> phases, String ours, String peer) {
    String o = phases.get(ours + ".median_ms");
    String p = phases.get(peer + ".median_ms");
    return o == null || p == null ? Double.NaN : Double.parseDouble(o) / Double.parseDouble(p);
  }

  private static String verdict(boolean met) {
    return met ? "MET" : "MISSED";
  }

  private void add(String what, String value) {
    rows.add(new Row(what, value));
  }

  private void print() {
    int width = rows.stream().mapToInt(r -> r.what().length()).max().orElse(0);
    for (Row row : rows) {
      System.out.println(
          row.what().isEmpty()
              ? ""
              : String.format("%-" + width + "s  %s", row.what(), row.value()));
    }
  }

  private static Map<String, String> keyValues(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return values;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }
}
