package dev.trustmirror.bench;

import dev.sigstore.tuf.HttpFetcher;
import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A breakdown of a first sync into its parts, ours and the peer's side by side, each part timed
 * alone (milliseconds, median of {@value #RUNS} warm runs). The parts run in turn, round after
 * round, so that a change in the machine's load hits all of them alike. Not a JMH benchmark: a
 * profile that explains the JMH figures. Prints {@code key=value} lines.
 *
 * <ul>
 *   <li>{@code http_fetch_31_files}: the 31 files of the published layout, one new HTTP client per
 *       round: ours ({@code java.net.http} in {@code HttpSource}) and sigstore-java's {@code
 *       HttpFetcher} (google-http-client);
 *   <li>{@code update_from_directory}: the whole TUF workflow with files read from a directory, no
 *       HTTP: ours ({@code TufUpdater.update}) and the peer ({@code Updater.update}, which also
 *       writes its store, without fsync);
 *   <li>{@code update_over_http}: the same from nginx;
 *   <li>{@code publish_with_fsync}: ours only, writing a generation of a verified repository;
 *   <li>{@code ours.first_sync}: ours end to end, as {@link FirstSyncBenchmark#firstSync()}: to
 *       compare with {@code peer.update_over_http} measured in the same rounds.
 * </ul>
 */
public final class PhaseTimes {
  private static final int WARMUP = 30;
  private static final int RUNS = 61;
  private static final int PEER_ROOT = SigstoreJavaPeer.LOWEST_READABLE_ROOT;

  private final ServedHistory served;
  private final VerifiedRepository repo;
  private final Path directory;

  private PhaseTimes(ServedHistory served, VerifiedRepository repo) {
    this.served = served;
    this.repo = repo;
    this.directory = SigstoreTestData.historyPoint(ServedHistory.POINT).directory();
  }

  private interface Phase {
    void run() throws Exception;
  }

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    try (ServedHistory served = ServedHistory.start()) {
      VerifiedRepository repo;
      try (RepositorySource http = RepositorySources.open(served.url(), SourceOptions.defaults())) {
        repo =
            new TufUpdater(http, served.clock(), Limits.defaults())
                .update(TrustState.pin(served.root(1)))
                .repository()
                .orElseThrow();
      }
      PhaseTimes times = new PhaseTimes(served, repo);
      timeInterleaved(times.phases());
      System.out.println("files_published=" + repo.paths().size());
    }
  }

  private Map<String, Phase> phases() throws Exception {
    byte[] root1 = served.root(1);
    byte[] peerRoot = served.root(PEER_ROOT);
    Map<String, Phase> phases = new LinkedHashMap<>();
    phases.put("ours.http_fetch_31_files", this::oursFetchAll);
    phases.put("peer.http_fetch_31_files", this::peerFetchAll);
    phases.put("ours.update_from_directory.root1", () -> oursUpdate(directory.toString(), root1));
    phases.put(
        "ours.update_from_directory.root" + PEER_ROOT,
        () -> oursUpdate(directory.toString(), peerRoot));
    phases.put(
        "peer.update_from_directory.root" + PEER_ROOT,
        () -> peerUpdate(Optional.of(directory), peerRoot));
    phases.put("ours.update_over_http.root1", () -> oursUpdate(served.url(), root1));
    phases.put("ours.update_over_http.root" + PEER_ROOT, () -> oursUpdate(served.url(), peerRoot));
    phases.put(
        "peer.update_over_http.root" + PEER_ROOT, () -> peerUpdate(Optional.empty(), peerRoot));
    phases.put("ours.publish_with_fsync", this::publish);
    phases.put("ours.first_sync.root1", () -> oursFirstSync(root1));
    phases.put("ours.first_sync.root" + PEER_ROOT, () -> oursFirstSync(peerRoot));
    return phases;
  }

  private void oursFetchAll() throws Exception {
    try (RepositorySource http = RepositorySources.open(served.url(), SourceOptions.defaults())) {
      for (String path : repo.paths()) {
        http.fetch(path, Long.MAX_VALUE).orElseThrow();
      }
    }
  }

  private void peerFetchAll() throws Exception {
    HttpFetcher fetcher = HttpFetcher.newFetcher(URI.create(served.url()));
    for (String path : repo.paths()) {
      if (fetcher.fetchResource(path, Integer.MAX_VALUE) == null) {
        throw new IllegalStateException("sigstore-java's HttpFetcher did not find " + path);
      }
    }
  }

  private void oursUpdate(String source, byte[] root) throws Exception {
    try (RepositorySource files = RepositorySources.open(source, SourceOptions.defaults())) {
      new TufUpdater(files, served.clock(), Limits.defaults()).update(TrustState.pin(root));
    }
  }

  /** The peer's first update from {@code directory}, or from nginx when it is empty. */
  private void peerUpdate(Optional<Path> directory, byte[] root) throws Exception {
    Path work = Files.createTempDirectory("trust-mirror-bench-phase");
    try {
      Path rootFile = SigstoreJavaPeer.writeRoot(root, work);
      Path store = Files.createDirectories(work.resolve("store"));
      if (directory.isPresent()) {
        SigstoreJavaPeer.firstUpdateFromDirectory(directory.get(), rootFile, store, served.clock());
      } else {
        SigstoreJavaPeer.firstUpdate(served.url(), rootFile, store, served.clock());
      }
    } finally {
      ServedHistory.deleteTree(work);
    }
  }

  /** What {@link FirstSyncBenchmark#firstSync()} times: update over HTTP, then publish. */
  private void oursFirstSync(byte[] root) throws Exception {
    Path out = Files.createTempDirectory("trust-mirror-bench-phase");
    try (RepositorySource http = RepositorySources.open(served.url(), SourceOptions.defaults())) {
      new SyncAgent(http, new GenerationPublisher(out, 3), served.clock(), Limits.defaults())
          .syncOnce(Optional.of(root));
    } finally {
      ServedHistory.deleteTree(out);
    }
  }

  private void publish() throws Exception {
    Path out = Files.createTempDirectory("trust-mirror-bench-phase");
    try {
      TrustState state = TrustState.pin(served.root(1));
      new GenerationPublisher(out, 3).publish(repo, state);
    } finally {
      ServedHistory.deleteTree(out);
    }
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
