package dev.trustmirror.bench;

import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Counts the HTTP requests each benchmarked operation makes, as lines added to nginx's access log
 * (the ground truth: retries and 404s included) and, for trust-mirror, as files asked of the
 * source. Prints {@code key=value} lines that {@code bench/run.sh} puts in its summary.
 */
public final class RequestCount {
  private static final int REFRESHES = 100;
  private static final int NO_CHANGE_SYNCS = 20;

  private final ServedHistory served;

  private RequestCount(ServedHistory served) {
    this.served = served;
  }

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    try (ServedHistory served = ServedHistory.start()) {
      RequestCount count = new RequestCount(served);
      count.firstSync(1);
      count.firstSync(SigstoreJavaPeer.LOWEST_READABLE_ROOT);
      count.peerFirstSync(SigstoreJavaPeer.LOWEST_READABLE_ROOT);
      count.refreshes();
    }
  }

  private void firstSync(int pinnedRoot) throws Exception {
    Path out = Files.createTempDirectory("trust-mirror-bench-count");
    try (CountingSource source =
        new CountingSource(RepositorySources.open(served.url(), SourceOptions.defaults()))) {
      int before = settledRequests();
      new SyncAgent(source, new GenerationPublisher(out, 3), served.clock(), Limits.defaults())
          .syncOnce(Optional.of(served.root(pinnedRoot)));
      print("ours.first_sync.root" + pinnedRoot + ".http_requests", settledRequests() - before);
      print("ours.first_sync.root" + pinnedRoot + ".files_fetched", source.fetches());
    } finally {
      ServedHistory.deleteTree(out);
    }
  }

  private void peerFirstSync(int root) throws Exception {
    Path work = Files.createTempDirectory("trust-mirror-bench-count");
    try {
      Path rootFile = SigstoreJavaPeer.writeRoot(served.root(root), work);
      int before = settledRequests();
      SigstoreJavaPeer.firstUpdate(
          served.url(), rootFile, Files.createDirectories(work.resolve("store")), served.clock());
      print("peer.first_sync.root" + root + ".http_requests", settledRequests() - before);
    } finally {
      ServedHistory.deleteTree(work);
    }
  }

  private void refreshes() throws Exception {
    Path out = Files.createTempDirectory("trust-mirror-bench-count");
    try (CountingSource source =
        new CountingSource(RepositorySources.open(served.url(), SourceOptions.defaults()))) {
      TufUpdater updater = new TufUpdater(source, served.clock(), Limits.defaults());
      TrustState state = updater.update(TrustState.pin(served.root(1))).state();
      int before = settledRequests();
      long fetchesBefore = source.fetches();
      for (int i = 0; i < REFRESHES; i++) {
        if (updater.refresh(state).repository().isPresent()) {
          throw new IllegalStateException("Refresh " + i + " found a change; expected none");
        }
      }
      print("ours.refresh.runs", REFRESHES);
      print("ours.refresh.http_requests_per_run", perRun(settledRequests() - before, REFRESHES));
      print("ours.refresh.files_per_run", perRun(source.fetches() - fetchesBefore, REFRESHES));

      GenerationPublisher publisher = new GenerationPublisher(out, 3);
      SyncAgent agent = new SyncAgent(source, publisher, served.clock(), Limits.defaults());
      agent.syncOnce(Optional.of(served.root(1)));
      before = settledRequests();
      for (int i = 0; i < NO_CHANGE_SYNCS; i++) {
        if (agent.syncOnce(Optional.empty()).published()) {
          throw new IllegalStateException("No-change sync " + i + " published; expected nothing");
        }
      }
      print("ours.no_change_sync.runs", NO_CHANGE_SYNCS);
      print(
          "ours.no_change_sync.http_requests_per_run",
          perRun(settledRequests() - before, NO_CHANGE_SYNCS));
    } finally {
      ServedHistory.deleteTree(out);
    }
  }

  /**
   * The access log line count once it stops growing: nginx writes a request's line after sending
   * the response, so the client can be a moment ahead of the log.
   */
  private int settledRequests() throws IOException, InterruptedException {
    int last = served.requestsLogged();
    while (true) {
      Thread.sleep(200);
      int now = served.requestsLogged();
      if (now == last) {
        return now;
      }
      last = now;
    }
  }

  private static String perRun(long total, int runs) {
    return String.format(java.util.Locale.ROOT, "%.2f", (double) total / runs);
  }

  private static void print(String key, Object value) {
    System.out.println(key + "=" + value);
  }
}
