package dev.trustmirror.testkit.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The {@code docker-registry} child process: started on a free port of 127.0.0.1 (retried when the
 * port is taken meanwhile), awaited until it accepts connections, stopped on {@link #stop()} or
 * when the JVM exits. The same approach as {@code testkit.process.LocalProcess}, which is private
 * to its package.
 */
final class RegistryProcess {
  static final String LOOPBACK = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 5;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private RegistryProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook =
        new Thread(process::destroyForcibly, "stop docker-registry " + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts {@code commandForPort.apply(port)} and waits until the port accepts connections. */
  static RegistryProcess start(IntFunction<List<String>> commandForPort, Path log)
      throws IOException {
    String lastFailure = "";
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(commandForPort.apply(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // The registry reads REGISTRY_* variables as configuration overrides: none from the test JVM.
      builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
      Process process = builder.start();
      if (awaitPort(process, port)) {
        return new RegistryProcess(process, port, log);
      }
      process.destroyForcibly();
      lastFailure = readLog(log);
      if (!lastFailure.contains("address already in use")) {
        throw new IOException(
            "Tried to start docker-registry on "
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
        "Tried to start docker-registry "
            + PORT_ATTEMPTS
            + " times but every port was taken:\n"
            + lastFailure);
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 seconds) and waits for it. */
  void stop() {
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
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
  }

  /** Waits up to {@code timeout} for the process to exit (a pause that ends early if it dies). */
  void awaitExit(Duration timeout) throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException stillRunning) {
      // the pause is over
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  static String readLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
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
      // best effort: a temporary directory
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, 0));
      return socket.getLocalPort();
    }
  }

  private static boolean awaitPort(Process process, int port) throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (accepts(port)) {
        return process.isAlive();
      }
      try {
        process.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return false;
      } catch (TimeoutException stillRunning) {
        // poll again
      } catch (ExecutionException e) {
        throw new IOException("Tried to wait for docker-registry but failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for docker-registry", e);
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
}
