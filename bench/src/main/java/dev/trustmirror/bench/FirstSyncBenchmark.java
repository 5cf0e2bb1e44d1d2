package dev.trustmirror.bench;

import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (a) and (a'): trust-mirror's first sync of history point 08 from nginx, exactly what {@code
 * trust-mirror sync} does on an empty {@code --out}: pin the root, run the full TUF workflow over
 * HTTP (every root, timestamp, snapshot, targets, the delegated role, every target), then publish a
 * generation (each file fsynced, one rename, trust state saved). A fresh output directory and a
 * fresh HTTP source every invocation; creating and deleting the directory is not timed.
 *
 * <p>{@link #updateOnly()} is the same TUF workflow over HTTP with nothing written: the difference
 * between the two is publishing (31 files written and fsynced, the switch, the trust state).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 6)
public class FirstSyncBenchmark {
  /** The pinned root: 1 walks all 15 root versions; 5 is where sigstore-java can start. */
  @Param({"1", "5"})
  public int pinnedRoot;

  private ServedHistory served;
  private byte[] root;
  private Path out;

  /** Starts nginx on a copy of history point 08. */
  @Setup(Level.Trial)
  public void startServer() throws Exception {
    served = ServedHistory.start();
    root = served.root(pinnedRoot);
  }

  /** Stops nginx. */
  @TearDown(Level.Trial)
  public void stopServer() {
    served.close();
  }

  /** An empty output directory for the next sync. */
  @Setup(Level.Invocation)
  public void freshOutput() throws Exception {
    out = Files.createTempDirectory("trust-mirror-bench-out");
  }

  /** Deletes the output of the last sync. */
  @TearDown(Level.Invocation)
  public void deleteOutput() {
    ServedHistory.deleteTree(out);
  }

  /** One first sync into an empty output directory. */
  @Benchmark
  public SyncOutcome firstSync() throws Exception {
    try (RepositorySource source = RepositorySources.open(served.url(), SourceOptions.defaults())) {
      SyncAgent agent =
          new SyncAgent(source, new GenerationPublisher(out, 3), served.clock(), Limits.defaults());
      return agent.syncOnce(Optional.of(root));
    }
  }

  /** The TUF workflow alone: verify everything over HTTP, write nothing. */
  @Benchmark
  public UpdateResult updateOnly() throws Exception {
    try (RepositorySource source = RepositorySources.open(served.url(), SourceOptions.defaults())) {
      return new TufUpdater(source, served.clock(), Limits.defaults()).update(TrustState.pin(root));
    }
  }
}
