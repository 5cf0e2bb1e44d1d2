package dev.trustmirror.sync.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The sync agent's small HTTP endpoint, on the JDK's own server (the agent has no other HTTP server
 * to share): {@code GET /metrics} answers the Prometheus text format, {@code GET /healthz} answers
 * {@code ok}. {@code HEAD} works on both; other methods get 405, other paths 404. Nothing is read
 * from the request but its method and path.
 */
public final class MetricsEndpoint implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String PLAIN_TEXT = "text/plain; charset=utf-8";
  private static final int THREADS = 2;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<String> scrape;
  private final URI url;

  private MetricsEndpoint(HttpServer server, ExecutorService executor, Supplier<String> scrape) {
    this.server = server;
    this.executor = executor;
    this.scrape = scrape;
    String host = server.getAddress().getHostString();
    this.url =
        URI.create(
            "http://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + server.getAddress().getPort()
                + "/metrics");
  }

  /**
   * Starts serving.
   *
   * @param host the address to listen on ({@code 127.0.0.1}, {@code 0.0.0.0} for all)
   * @param port the port, 0 for a free one (see {@link #url()})
   * @param scrape the text served at {@code /metrics}, computed for every request
   * @throws IOException when the address cannot be bound (port taken, unknown host)
   * @throws IllegalArgumentException when the port is out of range
   */
  public static MetricsEndpoint start(String host, int port, Supplier<String> scrape)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IOException(
          "Tried to serve metrics on " + host + ":" + port + " but failed: unknown host " + host);
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new IOException(
          "Tried to serve metrics on " + host + ":" + port + " but failed: " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "trust-mirror metrics " + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, scrape);
    server.createContext("/", endpoint::handle);
    server.setExecutor(executor);
    server.start();
    return endpoint;
  }

  /** {@code http://HOST:PORT/metrics}, with the port actually bound. */
  public URI url() {
    return url;
  }

  /** Stops answering at once and releases the port. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (!path.equals("/metrics") && !path.equals("/healthz")) {
        send(exchange, method, 404, PLAIN_TEXT, "not found\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, method, 405, PLAIN_TEXT, "method not allowed\n");
      } else if (path.equals("/metrics")) {
        String text;
        try {
          text = scrape.get();
        } catch (RuntimeException e) {
          // Say so rather than drop the connection: Prometheus shows the status on its target.
          send(exchange, method, 500, PLAIN_TEXT, "Tried to render the metrics but failed\n");
          return;
        }
        send(exchange, method, 200, PROMETHEUS_TEXT, text);
      } else {
        send(exchange, method, 200, PLAIN_TEXT, "ok\n");
      }
    }
  }

  private static void send(
      HttpExchange exchange, String method, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (method.equals("HEAD")) {
      // The JDK server sends no body for -1; a HEAD answer has none.
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
