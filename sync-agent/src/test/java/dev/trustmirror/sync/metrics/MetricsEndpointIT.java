package dev.trustmirror.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDK HTTP endpoint on 127.0.0.1 and a free port, spoken to over real HTTP. */
class MetricsEndpointIT {
  static final String TEXT = "# HELP x_total X\n# TYPE x_total counter\nx_total 1.0\n";
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final AtomicInteger scrapes = new AtomicInteger();
  MetricsEndpoint endpoint;

  @BeforeEach
  void start() throws IOException {
    endpoint =
        MetricsEndpoint.start(
            "127.0.0.1",
            0,
            () -> {
              scrapes.incrementAndGet();
              return TEXT;
            });
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.url().resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void urlNamesTheBoundPortAndTheMetricsPath() {
    assertThat(endpoint.url().toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");
  }

  @Test
  void metricsAnswersThePrometheusTextFormatComputedPerRequest() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).isEqualTo(TEXT);
    send("GET", "/metrics");
    assertThat(scrapes).hasValue(2);
  }

  @Test
  void aQueryStringDoesNotChangeThePath() throws Exception {
    assertThat(send("GET", "/metrics?name[]=x_total").body()).isEqualTo(TEXT);
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> r = send("GET", "/healthz");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body()).isEqualTo("ok\n");
  }

  @Test
  void headAnswersHeadersWithoutABody() throws Exception {
    HttpResponse<String> r = send("HEAD", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
  void otherMethodsAreNotAllowed(String method) throws Exception {
    HttpResponse<String> r = send(method, "/metrics");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(scrapes).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/", "/metrics/", "/metrics/x", "/Metrics", "/healthz/x", "/readyz", "/%2e%2e/"})
  void otherPathsAreNotFound(String path) throws Exception {
    HttpResponse<String> r = send("GET", path);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("not found\n");
    assertThat(scrapes).hasValue(0);
  }

  @Test
  void aScrapeThatFailsIsA500AndTheEndpointKeepsAnswering() throws Exception {
    try (MetricsEndpoint broken =
        MetricsEndpoint.start(
            "127.0.0.1",
            0,
            () -> {
              throw new IllegalStateException("gauge failed");
            })) {
      HttpRequest request = HttpRequest.newBuilder(broken.url()).build();
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("Tried to render the metrics but failed\n");
      }
    }
  }

  @Test
  void aTakenPortIsAnIoErrorNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", taken.getLocalPort(), () -> ""))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void anUnknownHostIsAnIoError() {
    assertThatThrownBy(() -> MetricsEndpoint.start("no-such-host.invalid", 0, () -> ""))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown host no-such-host.invalid");
  }

  @Test
  void anOutOfRangePortIsRefused() {
    assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", 65536, () -> ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeReleasesThePort() throws Exception {
    URI url = endpoint.url();
    endpoint.close();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    try (ServerSocket again =
        new ServerSocket(url.getPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(url.getPort());
    }
  }
}
