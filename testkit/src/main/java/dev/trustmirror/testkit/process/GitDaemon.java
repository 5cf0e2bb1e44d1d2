package dev.trustmirror.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code git daemon} on 127.0.0.1 and a free port exporting every repository under a base
 * path (bare or not) over the {@code git://} protocol.
 *
 * <pre>{@code
 * try (GitDaemon daemon = GitDaemon.start(reposDir)) {
 *   URI url = daemon.url("root-signing"); // git://127.0.0.1:PORT/root-signing
 * }
 * }</pre>
 */
public final class GitDaemon implements AutoCloseable {
  private final Path basePath;
  private final Path logDir;
  private final LocalProcess process;

  private GitDaemon(Path basePath, Path logDir, LocalProcess process) {
    this.basePath = basePath;
    this.logDir = logDir;
    this.process = process;
  }

  /** Starts a daemon exporting every repository under {@code basePath}. */
  public static GitDaemon start(Path basePath) throws IOException {
    if (!Files.isDirectory(basePath)) {
      throw new IOException(
          "Tried to start git daemon for " + basePath + " but it is not a directory");
    }
    Path base = basePath.toRealPath();
    Path program = GitCli.program("daemon");
    Path logDir = Files.createTempDirectory("trust-mirror-git-daemon");
    try {
      LocalProcess process =
          LocalProcess.start(
              "git daemon",
              port -> command(program, base, port),
              logDir.resolve("git-daemon.log"),
              GitCli::isolate);
      return new GitDaemon(base, logDir, process);
    } catch (IOException | RuntimeException e) {
      LocalProcess.deleteTree(logDir);
      throw e;
    }
  }

  /** {@code git://127.0.0.1:PORT/<repoName>}. */
  public URI url(String repoName) {
    return URI.create("git://" + LocalProcess.LOOPBACK + ":" + process.port() + "/" + repoName);
  }

  /** The port the daemon listens on. */
  public int port() {
    return process.port();
  }

  /** The exported directory. */
  public Path basePath() {
    return basePath;
  }

  /** Stops the daemon. */
  @Override
  public void close() {
    process.stop();
    LocalProcess.deleteTree(logDir);
  }

  @Override
  public String toString() {
    return "git daemon at git://" + LocalProcess.LOOPBACK + ":" + process.port() + "/";
  }

  private static List<String> command(Path program, Path base, int port) {
    return List.of(
        program.toString(),
        "--reuseaddr",
        "--export-all",
        "--informative-errors",
        "--base-path=" + base,
        "--listen=" + LocalProcess.LOOPBACK,
        "--port=" + port,
        base.toString());
  }
}
