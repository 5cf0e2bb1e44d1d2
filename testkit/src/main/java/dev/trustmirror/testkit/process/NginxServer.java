package dev.trustmirror.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A real nginx on 127.0.0.1 and a free port, either serving a directory as static files (no
 * directory listing; directories and missing files are 404) or as a reverse proxy in front of
 * another URL (a "bastion"). Configuration, pid file, {@code access.log} and {@code error.log} live
 * in a temporary prefix directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (NginxServer nginx = NginxServer.start(repoDir)) {
 *   URI base = nginx.baseUrl(); // http://127.0.0.1:PORT/
 * }
 * }</pre>
 */
public final class NginxServer implements AutoCloseable {
  /** Where the Debian package {@code nginx-light} installs nginx. */
  public static final Path NGINX_BINARY = Path.of("/usr/sbin/nginx");

  private final Path prefix;
  private final LocalProcess process;
  private final boolean tls;

  private NginxServer(Path prefix, LocalProcess process, boolean tls) {
    this.prefix = prefix;
    this.process = process;
    this.tls = tls;
  }

  /** Serves {@code root} as static files. */
  public static NginxServer start(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("Tried to serve " + root + " with nginx but it is not a directory");
    }
    Path realRoot = root.toRealPath();
    return launch(
        (prefix, port) -> NginxConfig.staticFiles(prefix, port, realRoot, isRoot()), false);
  }

  /**
   * Runs nginx as a reverse proxy in front of {@code upstream}: a request for {@code /x} here is
   * forwarded to {@code upstream + x}. Every response carries the header {@code X-Bastion}.
   */
  public static NginxServer startReverseProxy(URI upstream) throws IOException {
    return launch(
        (prefix, port) -> NginxConfig.reverseProxy(prefix, port, upstream, isRoot()), false);
  }

  /**
   * Runs nginx as a TLS-terminating reverse proxy in front of {@code upstream} (plain HTTP, e.g. a
   * docker-registry): HTTPS with {@code certificate} and {@code key} (PEM files, e.g. from a test
   * CA), each request forwarded with its URI unchanged (no normalization: registry paths and
   * digests pass as sent), request bodies of any size, responses not buffered.
   */
  public static NginxServer startTlsReverseProxy(URI upstream, Path certificate, Path key)
      throws IOException {
    for (Path file : new Path[] {certificate, key}) {
      if (!Files.isRegularFile(file)) {
        throw new IOException("Tried to start nginx with TLS but " + file + " is not a file");
      }
    }
    Path cert = certificate.toRealPath();
    Path privateKey = key.toRealPath();
    return launch(
        (prefix, port) ->
            NginxConfig.tlsReverseProxy(prefix, port, upstream, cert, privateKey, isRoot()),
        true);
  }

  /** {@code http://127.0.0.1:PORT/}, or {@code https://} for a TLS proxy. */
  public URI baseUrl() {
    return URI.create(
        (tls ? "https" : "http") + "://" + LocalProcess.LOOPBACK + ":" + process.port() + "/");
  }

  /** {@code 127.0.0.1:PORT}. */
  public String hostAndPort() {
    return LocalProcess.LOOPBACK + ":" + process.port();
  }

  /** The port nginx listens on. */
  public int port() {
    return process.port();
  }

  /** The lines of the access log so far (one per request, nginx "combined" format). */
  public List<String> accessLogLines() throws IOException {
    Path log = prefix.resolve("access.log");
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  /** Stops nginx and deletes its prefix directory. */
  @Override
  public void close() {
    process.stop();
    LocalProcess.deleteTree(prefix);
  }

  @Override
  public String toString() {
    return "nginx at " + baseUrl();
  }

  private interface ConfigForPort {
    String config(Path prefix, int port);
  }

  private static NginxServer launch(ConfigForPort configForPort, boolean tls) throws IOException {
    requireBinary();
    Path prefix = Files.createTempDirectory("trust-mirror-nginx");
    Path conf = prefix.resolve("nginx.conf");
    IntFunction<List<String>> command =
        port -> {
          try {
            Files.writeString(conf, configForPort.config(prefix, port), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return List.of(
              NGINX_BINARY.toString(),
              "-p",
              prefix.toString(),
              "-c",
              conf.toString(),
              "-g",
              "daemon off;");
        };
    try {
      return new NginxServer(
          prefix,
          LocalProcess.start("nginx", command, prefix.resolve("error.log"), env -> {}),
          tls);
    } catch (IOException | RuntimeException e) {
      LocalProcess.deleteTree(prefix);
      throw e;
    }
  }

  private static void requireBinary() throws IOException {
    if (!Files.isExecutable(NGINX_BINARY)) {
      throw new IOException(
          "Tried to start nginx but "
              + NGINX_BINARY
              + " is missing: install the Debian package nginx-light"
              + " (apt-get install -y nginx-light)");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
