package dev.trustmirror.verifier.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A registry that misbehaves on purpose: a JDK {@code HttpServer} on 127.0.0.1 and a free port
 * whose answers the test scripts per path ({@code GET /v2/app/manifests/v1}). Records every request
 * it receives. Unscripted paths answer 404.
 */
final class HostileServer implements AutoCloseable {
  /** What the server saw. */
  record Request(String method, String path, Headers headers) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.getFirst(name));
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** Released on close: handlers that stall wait on it. */
  private final CountDownLatch closing = new CountDownLatch(1);

  HostileServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** {@code 127.0.0.1:PORT}. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Scripts {@code METHOD path}: a path with query matches that query only, a path without query
   * matches any query.
   */
  HostileServer on(String method, String path, Handler handler) {
    handlers.put(method + " " + path, handler);
    return this;
  }

  /** Scripts GET and HEAD of {@code path} alike (HEAD gets the headers only). */
  HostileServer onGetAndHead(String path, Handler handler) {
    on("GET", path, handler);
    on("HEAD", path, handler);
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  /** Waits until the test ends (for handlers that must never answer). */
  void stallUntilClosed() {
    try {
      closing.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    String path =
        exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + exchange.getRequestURI().getRawQuery());
    String method = exchange.getRequestMethod();
    requests.add(new Request(method, path, copy(exchange.getRequestHeaders())));
    Handler handler = handlers.get(method + " " + path);
    if (handler == null) {
      handler = handlers.get(method + " " + exchange.getRequestURI().getRawPath());
    }
    try (exchange) {
      if (handler == null) {
        send(
            exchange,
            404,
            Map.of(),
            "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"no script\"}]}"
                .getBytes(StandardCharsets.UTF_8));
      } else {
        handler.handle(exchange);
      }
    } catch (IOException clientWentAway) {
      // expected when the client cancels (too large, timeout)
    }
  }

  private static Headers copy(Headers headers) {
    Headers copy = new Headers();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return copy;
  }

  /** Sends {@code body} with {@code status} and {@code headers} (no body for HEAD). */
  static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    boolean head = exchange.getRequestMethod().equals("HEAD");
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A handler that answers {@code status} with {@code headers} and {@code body}. */
  static Handler answer(int status, Map<String, String> headers, byte[] body) {
    return exchange -> send(exchange, status, headers, body);
  }

  /** A handler that answers {@code status} with {@code headers} and a text body. */
  static Handler answer(int status, Map<String, String> headers, String body) {
    return answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A handler that streams an endless body (chunked) until the client hangs up. */
  static Handler endless(Map<String, String> headers) {
    return exchange -> {
      headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) '{');
      try (OutputStream out = exchange.getResponseBody()) {
        // Bounded so that a client that never hangs up cannot keep the test running for ever.
        for (int i = 0; i < 64 * 64; i++) {
          out.write(chunk);
          out.flush();
        }
      }
    };
  }
}
