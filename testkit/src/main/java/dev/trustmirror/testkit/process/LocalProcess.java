package dev.trustmirror.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A server process listening on 127.0.0.1: started on a free port (retried when another process
 * takes the port first), awaited until it accepts connections, and stopped on {@link #stop()} or
 * when the JVM exits.
 */
final class LocalProcess {
  static final String LOOPBACK = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 5;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private LocalProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(this::kill, "stop " + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code commandForPort.apply(port)} on a free port and waits until the port accepts
   * connections. When the process exits because the port was taken in the meantime, tries again
   * with another port.
   *
   * @param name what is started, for messages ({@code nginx})
   * @param commandForPort the command line for a given port
   * @param log file receiving the process's stdout and stderr
   * @param environment adjusts the environment of the process
   */
  static LocalProcess start(
      String name,
      IntFunction<List<String>> commandForPort,
      Path log,
      Consumer<Map<String, String>> environment)
      throws IOException {
    String lastFailure = "";
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(commandForPort.apply(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      environment.accept(builder.environment());
      Process process = builder.start();
      if (awaitPort(process, port)) {
        return new LocalProcess(process, port, log);
      }
      process.destroyForcibly();
      lastFailure = readLog(log);
      if (!isPortConflict(lastFailure)) {
        throw new IOException(
            "Tried to start "
                + name
                + " on "
                + LOOPBACK
                + ":"
                + port
                + " but it did not accept connections within "
                + STARTUP_TIMEOUT.toSeconds()
                + "s; its output:\n"
                + lastFailure);
      }
    }
    throw new IOException(
        "Tried to start "
            + name
            + " "
            + PORT_ATTEMPTS
            + " times but every port was taken:\n"
            + lastFailure);
  }

  /** A port that was free a moment ago (the OS picks it; it may be taken again before use). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      return socket.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL after 10 seconds) and waits for it, then stops any of
   * its child processes that outlived it (a forked server must not keep the port).
   */
  void stop() {
    List<ProcessHandle> children = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway; nothing to undo
    }
  }

  private void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
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

  private static boolean awaitPort(Process process, int port) throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (accepts(port)) {
        return process.isAlive();
      }
      try {
        // Waits for the poll interval, returning early when the process dies.
        process.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return false;
      } catch (TimeoutException stillRunning) {
        // poll again
      } catch (ExecutionException e) {
        throw new IOException("Tried to wait for process " + process.pid() + " but failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for port " + port, e);
      }
    }
    return false;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean isPortConflict(String output) {
    return output.contains("Address already in use")
        || output.contains("unable to allocate any listen sockets");
  }

  private static String readLog(Path log) {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }
}
