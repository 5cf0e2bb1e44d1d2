package dev.trustmirror.bench;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * (c): the peer, sigstore-java's bare TUF {@code Updater}, doing a first update of history point 08
 * from the same nginx into a fresh store every invocation (see {@link SigstoreJavaPeer}). Creating
 * and deleting the store is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 6)
public class PeerFirstSyncBenchmark {
  /** The root the peer starts from: the oldest one it can read (roots 1-4 have hex keys). */
  @Param({"5"})
  public int peerRoot;

  private ServedHistory served;
  private byte[] root;
  private Path work;
  private Path rootFile;
  private Path store;

  /** Starts nginx on a copy of history point 08. */
  @Setup(Level.Trial)
  public void startServer() throws Exception {
    served = ServedHistory.start();
    root = served.root(peerRoot);
  }

  /** Stops nginx. */
  @TearDown(Level.Trial)
  public void stopServer() {
    served.close();
  }

  /** An empty store and the initial root file for the next update. */
  @Setup(Level.Invocation)
  public void freshStore() throws Exception {
    work = Files.createTempDirectory("trust-mirror-bench-peer");
    rootFile = SigstoreJavaPeer.writeRoot(root, work);
    store = Files.createDirectories(work.resolve("store"));
  }

  /** Deletes the store of the last update. */
  @TearDown(Level.Invocation)
  public void deleteStore() {
    ServedHistory.deleteTree(work);
  }

  /** One first update into an empty store. */
  @Benchmark
  public Path firstUpdate() throws Exception {
    SigstoreJavaPeer.firstUpdate(served.url(), rootFile, store, served.clock());
    return store;
  }
}
