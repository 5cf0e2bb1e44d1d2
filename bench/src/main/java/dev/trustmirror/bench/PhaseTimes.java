package dev.trustmirror.bench;

import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import dev.trustmirror.tuf.VerifiedRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A rough breakdown of trust-mirror's first sync into its parts, each timed alone after a warm-up
 * (median of {@value #RUNS} runs, milliseconds; the parts run in turn): HTTP transfer only, TUF
 * verification without HTTP (directory source), verification over HTTP, and publishing (disk writes
 * with fsync). Not a JMH benchmark: a profile to explain where the JMH figure goes. Prints {@code
 * key=value} lines.
 */
public final class PhaseTimes {
  private static final int WARMUP = 40;
  private static final int RUNS = 40;

  private PhaseTimes() {}

  private interface Phase {
    void run() throws Exception;
  }

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    try (ServedHistory served = ServedHistory.start()) {
      byte[] root1 = served.root(1);
      VerifiedRepository repo;
      try (RepositorySource http = RepositorySources.open(served.url(), SourceOptions.defaults())) {
        repo =
            new TufUpdater(http, served.clock(), Limits.defaults())
                .update(TrustState.pin(root1))
                .repository()
                .orElseThrow();
      }
      UpdateResult[] last = new UpdateResult[1];
      String dir = SigstoreTestData.historyPoint(ServedHistory.POINT).directory().toString();

      Map<String, Phase> phases = new LinkedHashMap<>();
      phases.put(
          "phase.http_fetch_all_files",
          () -> {
            try (RepositorySource http =
                RepositorySources.open(served.url(), SourceOptions.defaults())) {
              for (String path : repo.paths()) {
                http.fetch(path, Long.MAX_VALUE).orElseThrow();
              }
            }
          });
      phases.put(
          "phase.verify_from_directory_root1",
          () -> {
            try (RepositorySource files = RepositorySources.open(dir, SourceOptions.defaults())) {
              last[0] = new TufUpdater(files, served.clock(), Limits.defaults()).update(pin(root1));
            }
          });
      phases.put(
          "phase.verify_over_http_root1",
          () -> {
            try (RepositorySource http =
                RepositorySources.open(served.url(), SourceOptions.defaults())) {
              last[0] = new TufUpdater(http, served.clock(), Limits.defaults()).update(pin(root1));
            }
          });
      phases.put("phase.pin_root1", () -> pin(root1));
      phases.put(
          "phase.publish_with_fsync",
          () -> {
            Path out = Files.createTempDirectory("trust-mirror-bench-phase");
            try {
              new GenerationPublisher(out, 3).publish(repo, last[0].state());
            } finally {
              ServedHistory.deleteTree(out);
            }
          });
      timeInterleaved(phases);
      System.out.println("phase.files_published=" + repo.paths().size());
    }
  }

  private static TrustState pin(byte[] root) throws Exception {
    return TrustState.pin(root);
  }

  /** Runs the phases in turn (so none is favoured by running after the others warmed up). */
  private static void timeInterleaved(Map<String, Phase> phases) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      for (Phase phase : phases.values()) {
        phase.run();
      }
    }
    Map<String, double[]> ms = new LinkedHashMap<>();
    phases.keySet().forEach(k -> ms.put(k, new double[RUNS]));
    for (int i = 0; i < RUNS; i++) {
      for (var e : phases.entrySet()) {
        long start = System.nanoTime();
        e.getValue().run();
        ms.get(e.getKey())[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    for (var e : ms.entrySet()) {
      double[] sorted = e.getValue().clone();
      Arrays.sort(sorted);
      System.out.println(
          e.getKey() + ".median_ms=" + String.format(Locale.ROOT, "%.2f", sorted[RUNS / 2]));
    }
  }
}
