package dev.trustmirror.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the oldest root of history point 08 that sigstore-java's {@code Updater} can start from, by
 * trying each in turn against nginx: prints one line per root and the first that works.
 */
public final class RootProbe {
  private RootProbe() {}

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    try (ServedHistory served = ServedHistory.start()) {
      for (int v = 1; v <= 15; v++) {
        Path work = Files.createTempDirectory("trust-mirror-bench-probe");
        try {
          Path root = SigstoreJavaPeer.writeRoot(served.root(v), work);
          SigstoreJavaPeer.firstUpdate(
              served.url(), root, Files.createDirectories(work.resolve("store")), served.clock());
          System.out.println("root " + v + ": ok");
          System.out.println("lowest-readable-root=" + v);
          return;
        } catch (Exception e) {
          System.out.println("root " + v + ": " + e);
        } finally {
          ServedHistory.deleteTree(work);
        }
      }
      System.out.println("lowest-readable-root=none");
    }
  }
}
