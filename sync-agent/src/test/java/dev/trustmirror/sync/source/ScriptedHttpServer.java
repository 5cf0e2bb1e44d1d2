package dev.trustmirror.sync.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1 and port 0 that answers each path with a script of steps (the last
 * step repeats): statuses, bodies, dropped connections, and responses that never come. It records
 * the request targets it saw.
 */
final class ScriptedHttpServer implements AutoCloseable {

  /** One answer to one request. */
  @FunctionalInterface
  interface Step {
    void answer(HttpExchange exchange, CountDownLatch released) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  ScriptedHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Answers {@code path} ({@code /timestamp.json}) with these steps in turn, then the last. */
  ScriptedHttpServer script(String path, Step... steps) {
    scripts.put(path, new ArrayDeque<>(List.of(steps)));
    return this;
  }

  /** Request targets as received ({@code /timestamp.json}, or absolute-form through a proxy). */
  List<String> requests() {
    return List.copyOf(requests);
  }

  static Step status(int status) {
    return (exchange, released) -> {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    };
  }

  static Step status(int status, String header, String value) {
    return (exchange, released) -> {
      exchange.getResponseHeaders().add(header, value);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    };
  }

  static Step body(byte[] bytes) {
    return (exchange, released) -> {
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** 200 with chunked encoding: no Content-Length announces the size. */
  static Step chunked(byte[] bytes) {
    return (exchange, released) -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** Closes the connection without any response. */
  static Step dropConnection() {
    return (exchange, released) -> exchange.close();
  }

  /** Never answers (until the server closes). */
  static Step hang() {
    return (exchange, released) -> {
      await(released);
      exchange.close();
    };
  }

  /** Sends the headers and part of the body, then stalls (until the server closes). */
  static Step stallAfter(byte[] part, long announcedLength) {
    return (exchange, released) -> {
      exchange.sendResponseHeaders(200, announcedLength);
      OutputStream out = exchange.getResponseBody();
      out.write(part);
      out.flush();
      await(released);
      exchange.close();
    };
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI target = exchange.getRequestURI();
    requests.add(target.toString());
    Deque<Step> script = scripts.get(target.getPath());
    if (script == null) {
      status(404).answer(exchange, released);
      return;
    }
    Step step;
    synchronized (script) {
      step = script.size() > 1 ? script.poll() : script.peek();
    }
    step.answer(exchange, released);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
