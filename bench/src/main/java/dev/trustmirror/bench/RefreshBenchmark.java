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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (b): a no-change refresh against nginx after a first sync of history point 08, warm (one HTTP
 * source kept open, as a long-running {@code sync --interval} keeps it).
 *
 * <ul>
 *   <li>{@link #refresh()}: {@code TufUpdater.refresh} with the trust state of the first sync;
 *   <li>{@link #noChangeSync()}: what each later {@code sync} does on a published {@code --out}:
 *       load the trust state from disk, refresh, find nothing new, publish nothing.
 * </ul>
 *
 * The HTTP requests each makes are counted by {@link RequestCount}, not here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class RefreshBenchmark {
  private ServedHistory served;
  private RepositorySource source;
  private TufUpdater updater;
  private TrustState afterFirstSync;
  private Path out;
  private GenerationPublisher publisher;

  /** Starts nginx, runs a first sync pinned at 1.root.json and publishes it. */
  @Setup(Level.Trial)
  public void firstSync() throws Exception {
    served = ServedHistory.start();
    source = RepositorySources.open(served.url(), SourceOptions.defaults());
    updater = new TufUpdater(source, served.clock(), Limits.defaults());
    afterFirstSync = updater.update(TrustState.pin(served.root(1))).state();
    out = Files.createTempDirectory("trust-mirror-bench-refresh");
    publisher = new GenerationPublisher(out, 3);
    agent().syncOnce(Optional.of(served.root(1)));
  }

  /** Stops nginx and deletes the published output. */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    source.close();
    served.close();
    ServedHistory.deleteTree(out);
  }

  /** One no-change refresh: fetches timestamp.json, finds it unchanged. */
  @Benchmark
  public UpdateResult refresh() throws Exception {
    UpdateResult result = updater.refresh(afterFirstSync);
    if (result.repository().isPresent()) {
      throw new IllegalStateException("Expected a no-change refresh but the repository changed");
    }
    return result;
  }

  /** One no-change sync on a published output directory. */
  @Benchmark
  public SyncOutcome noChangeSync() throws Exception {
    SyncOutcome outcome = agent().syncOnce(Optional.empty());
    if (outcome.published()) {
      throw new IllegalStateException("Expected a no-change sync but it published " + outcome);
    }
    return outcome;
  }

  private SyncAgent agent() {
    return new SyncAgent(source, publisher, served.clock(), Limits.defaults());
  }
}
