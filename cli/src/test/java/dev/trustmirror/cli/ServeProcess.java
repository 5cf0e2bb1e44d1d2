package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code trust-mirror serve} as the outside world runs it: the shaded jar {@code
 * target/trust-mirror.jar} in its own JVM on 127.0.0.1 and a port the OS picks ({@code --port 0}),
 * its address taken from the {@code Serving http://127.0.0.1:PORT/} line it prints. Its output is
 * kept in {@code target/serve-logs/} for diagnosis. {@link #close()} stops it (SIGTERM, then
 * SIGKILL).
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern SERVING =
      Pattern.compile("Serving (https?://127\\.0\\.0\\.1:\\d+/)");
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

  private final Process process;
  private final URI baseUrl;
  private final Path log;
  private final Thread killOnExit;

  private ServeProcess(Process process, URI baseUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
    // A test JVM that dies without close() must not leave the server running.
    this.killOnExit = new Thread(process::destroyForcibly, "stop serve " + process.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts {@code trust-mirror serve --repo OUT --host 127.0.0.1 --port 0 EXTRA...} and returns
   * once it has printed the address it serves.
   *
   * @param out the {@code --out} directory of {@code trust-mirror sync}
   * @param extra further options ({@code --time}, {@code --public-url})
   */
  static ServeProcess start(Path out, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve", "--repo", out.toString()));
    args.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
    args.addAll(List.of(extra));
    return launch(args);
  }

  /**
   * Starts {@code trust-mirror ARGS...} (a long-running command that prints {@code Serving
   * http(s)://127.0.0.1:PORT/}) and returns once it has printed its address.
   */
  static ServeProcess launch(List<String> args) throws IOException {
    Path jar = VerifyJar.jar();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    Path logs = Files.createDirectories(moduleDir().resolve("target/serve-logs"));
    Path log = logs.resolve("serve-" + System.nanoTime() + ".log");
    Files.writeString(log, String.join(" ", command) + "\n");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<URI> serving = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyOutput(process, log, serving), "serve output");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenRun(() -> serving.completeExceptionally(new IllegalStateException()));
    try {
      return new ServeProcess(
          process, serving.get(STARTUP_LIMIT.toSeconds(), TimeUnit.SECONDS), log);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException(
          "Tried to start '"
              + String.join(" ", command)
              + "' but it did not print 'Serving http://127.0.0.1:PORT/' (exit "
              + (process.isAlive() ? "none, still running" : process.exitValue())
              + "); its output:\n"
              + Files.readString(log));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting trust-mirror serve", e);
    }
  }

  /** {@code http://127.0.0.1:PORT/}, as printed by the server. */
  URI baseUrl() {
    return baseUrl;
  }

  /**
   * Waits until {@code GET path} answers 200 with exactly {@code expected} (for example after a new
   * generation was published), polling until {@code limit} has passed; fails the test otherwise.
   * Not a timing check: the limit is only there so that a broken server cannot hang the build.
   */
  void awaitServed(String path, byte[] expected, Duration limit) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    HttpResponse<byte[]> last = null;
    while (System.nanoTime() < deadline) {
      last = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (last.statusCode() == 200 && Arrays.equals(last.body(), expected)) {
        return;
      }
      pauseUnlessExited(Duration.ofMillis(50));
    }
    fail(
        "%s did not serve the expected %s within %s; last answer: %s%n%s",
        this, path, limit, last == null ? "none" : last.statusCode(), output());
  }

  /** What the server printed so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
  }

  @Override
  public String toString() {
    return "trust-mirror serve at " + baseUrl;
  }

  /** Waits up to {@code pause}, failing at once when the server process has exited. */
  private void pauseUnlessExited(Duration pause) throws InterruptedException {
    try {
      process.onExit().get(pause.toMillis(), TimeUnit.MILLISECONDS);
      fail("%s exited with %s:%n%s", this, process.exitValue(), output());
    } catch (TimeoutException stillRunning) {
      // poll again
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cli module's directory (Failsafe sets {@code basedir}; otherwise the working dir). */
  static Path moduleDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  }

  private static void copyOutput(Process process, Path log, CompletableFuture<URI> serving) {
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer copy =
            Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      String line;
      while ((line = lines.readLine()) != null) {
        copy.write(line);
        copy.write('\n');
        copy.flush();
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          serving.complete(URI.create(m.group(1)));
        }
      }
    } catch (IOException e) {
      serving.completeExceptionally(e);
    }
  }
}
