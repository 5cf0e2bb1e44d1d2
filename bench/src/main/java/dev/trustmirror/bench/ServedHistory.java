package dev.trustmirror.bench;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.process.NginxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A copy of root-signing history point 08 (published layout) served by a real nginx on 127.0.0.1,
 * plus the fixed clock at which all of it is valid. {@link #close()} stops nginx and deletes the
 * copy.
 */
public final class ServedHistory implements AutoCloseable {
  /** The history point every benchmark syncs: 15 roots, timestamp 762, one delegated role. */
  public static final int POINT = 8;

  private final HistoryPoint point;
  private final Path copy;
  private final NginxServer nginx;

  private ServedHistory(HistoryPoint point, Path copy, NginxServer nginx) {
    this.point = point;
    this.copy = copy;
    this.nginx = nginx;
  }

  /** Copies history point 08 to a temporary directory and starts nginx on it. */
  public static ServedHistory start() throws IOException {
    HistoryPoint point = SigstoreTestData.historyPoint(POINT);
    Path copy = Files.createTempDirectory("trust-mirror-bench-repo");
    copyTree(point.directory(), copy);
    try {
      return new ServedHistory(point, copy, NginxServer.start(copy));
    } catch (IOException | RuntimeException e) {
      deleteTree(copy);
      throw e;
    }
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String url() {
    return nginx.baseUrl().toString();
  }

  /** A clock fixed at a time when every role of the point is valid. */
  public Clock clock() {
    return Clock.fixed(point.validAt(), ZoneOffset.UTC);
  }

  /** The exact bytes of {@code N.root.json} of this point. */
  public byte[] root(int version) throws IOException {
    return Files.readAllBytes(point.directory().resolve(version + ".root.json"));
  }

  /** How many requests nginx has logged so far. */
  public int requestsLogged() throws IOException {
    return nginx.accessLogLines().size();
  }

  @Override
  public void close() {
    nginx.close();
    deleteTree(copy);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Deletes a directory tree, ignoring what is already gone. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Tried to delete " + dir + " but failed", e);
    }
  }
}
