package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.process.NginxServer;
import dev.trustmirror.tuf.RepositorySource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HttpSource through a forward proxy ({@code --proxy}) and through an nginx bastion. */
class HttpSourceProxyIT {
  private static final HistoryPoint HEAD = SigstoreTestData.historyPoint(8);
  private static NginxServer origin;

  @BeforeAll
  static void startOrigin() throws Exception {
    origin = NginxServer.start(HEAD.directory());
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  @Test
  void sendsEveryRequestThroughTheProxy() throws Exception {
    try (ForwardProxy proxy = new ForwardProxy()) {
      RepositorySource source =
          RepositorySources.open(
              origin.baseUrl().toString(), SourceOptions.builder().proxy(proxy.url()).build());
      assertThat(source.fetch("timestamp.json", 16 * 1024))
          .hasValue(Files.readAllBytes(HEAD.directory().resolve("timestamp.json")));
      assertThat(source.fetch("99.root.json", 16 * 1024)).isEmpty();
      assertThat(proxy.requestLines())
          .containsExactly(
              "GET " + origin.baseUrl() + "timestamp.json",
              "GET " + origin.baseUrl() + "99.root.json");
      assertThat(source.describe()).contains("through proxy " + proxy.url());
    }
  }

  @Test
  void readsThroughAnNginxBastion() throws Exception {
    try (NginxServer bastion = NginxServer.startReverseProxy(origin.baseUrl())) {
      RepositorySource source =
          RepositorySources.open(bastion.baseUrl().toString(), SourceOptions.defaults());
      String target = "targets/registry.npmjs.org/" + npmKeysName();
      assertThat(source.fetch(target, 1024 * 1024))
          .hasValue(Files.readAllBytes(HEAD.directory().resolve(target)));
      assertThat(bastion.accessLogLines()).anyMatch(line -> line.contains("GET /" + target));
    }
  }

  private static String npmKeysName() throws IOException {
    try (var files = Files.list(HEAD.directory().resolve("targets/registry.npmjs.org"))) {
      return files.findFirst().orElseThrow().getFileName().toString();
    }
  }

  /**
   * A minimal HTTP forward proxy: records the absolute-form request line a proxied client sends and
   * forwards the request.
   */
  private static final class ForwardProxy implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    ForwardProxy() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::forward);
      server.setExecutor(executor);
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> requestLines() {
      return List.copyOf(requestLines);
    }

    private void forward(HttpExchange exchange) throws IOException {
      URI target = exchange.getRequestURI();
      requestLines.add(exchange.getRequestMethod() + " " + target);
      if (!target.isAbsolute()) {
        exchange.sendResponseHeaders(400, -1);
        exchange.close();
        return;
      }
      try {
        HttpResponse<byte[]> response =
            upstream.send(
                HttpRequest.newBuilder(target).build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        exchange.close();
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
