package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.RoleType;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz}, {@code /readyz}, {@code /metrics}, the status page and the access log. */
class OperationsIT {
  @TempDir Path tmp;
  Vertx vertx;
  MovableClock clock;
  Upstream upstream;
  Instant timestampExpires;
  List<MirrorServer> servers = new ArrayList<>();

  @BeforeEach
  void publish() throws Exception {
    vertx = Vertx.vertx();
    clock = new MovableClock(Upstream.T0);
    upstream = Upstream.generated(tmp, clock);
    timestampExpires = Upstream.T0.plus(upstream.repo().options().expiryPeriod(RoleType.TIMESTAMP));
  }

  @AfterEach
  void stop() throws Exception {
    for (MirrorServer s : servers) {
      Http.await(s.close());
    }
    Http.await(vertx.close());
  }

  private MirrorServer serve(MirrorServerOptions.Builder b) throws Exception {
    MirrorServer s =
        Http.await(
            MirrorServer.start(
                vertx, b.port(0).clock(clock).reloadInterval(Duration.ofHours(1)).build()));
    servers.add(s);
    return s;
  }

  private static double metric(URI base, String series) throws Exception {
    String text = Http.text(Http.get(base, "metrics"));
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as(series + " in\n" + text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void readyUntilTheTimestampExpiresThenReadyAgainAfterAFreshSync() throws Exception {
    MirrorServer server = serve(MirrorServerOptions.builder(upstream.out()));
    URI url = server.url();
    int tsVersion = upstream.repo().version(RoleType.TIMESTAMP);
    String tsSeconds = "trustmirror_role_expires_in_seconds{role=\"timestamp\"}";
    String tsServed = "trustmirror_role_version{role=\"timestamp\"}";

    assertThat(Http.get(url, "readyz").statusCode()).isEqualTo(200);
    assertThat(metric(url, tsSeconds)).isEqualTo(7 * 24 * 3600.0);
    assertThat(metric(url, tsServed)).isEqualTo(tsVersion);
    assertThat(metric(url, "trustmirror_ready")).isEqualTo(1.0);

    clock.set(timestampExpires.minusSeconds(1));
    assertThat(Http.get(url, "readyz").statusCode()).isEqualTo(200);
    assertThat(metric(url, tsSeconds)).isEqualTo(1.0);

    clock.set(timestampExpires);
    HttpResponse<byte[]> unready = Http.get(url, "readyz");
    assertThat(unready.statusCode()).isEqualTo(503);
    assertThat(Http.text(unready)).startsWith("not ready: timestamp v" + tsVersion + " expired at");
    assertThat(metric(url, tsSeconds)).isEqualTo(0.0);
    assertThat(metric(url, "trustmirror_ready")).isEqualTo(0.0);
    assertThat(Http.get(url, "healthz").statusCode()).isEqualTo(200);
    assertThat(Http.get(url, "timestamp.json").statusCode())
        .as("an expired repository is still served: clients decide")
        .isEqualTo(200);

    upstream.repo().bumpTimestamp();
    assertThat(upstream.sync().published()).isTrue();
    assertThat(Http.await(server.reload())).isTrue();
    assertThat(Http.get(url, "readyz").statusCode()).isEqualTo(200);
    assertThat(metric(url, tsServed)).isEqualTo(tsVersion + 1);
    assertThat(metric(url, tsSeconds)).isEqualTo(7 * 24 * 3600.0);
    assertThat(metric(url, "trustmirror_generation_switches_total")).isEqualTo(1.0);
    assertThat(metric(url, "trustmirror_ready")).isEqualTo(1.0);
  }

  @Test
  void theReadinessGraceTurnsUnreadyBeforeExpiry() throws Exception {
    MirrorServer server =
        serve(MirrorServerOptions.builder(upstream.out()).readyGrace(Duration.ofHours(1)));
    clock.set(timestampExpires.minus(Duration.ofHours(1)).minusSeconds(1));
    assertThat(Http.get(server.url(), "readyz").statusCode()).isEqualTo(200);
    clock.set(timestampExpires.minus(Duration.ofHours(1)));
    HttpResponse<byte[]> r = Http.get(server.url(), "readyz");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(Http.text(r)).contains("within the readiness grace of PT1H");
  }

  @Test
  void requestMetricsCountByStatusAndPathClass() throws Exception {
    MirrorServer server = serve(MirrorServerOptions.builder(upstream.out()));
    URI url = server.url();
    Http.get(url, "timestamp.json");
    Http.get(url, "timestamp.json");
    Http.get(url, "2.root.json");
    Http.get(url, "99.root.json");
    Http.send(url, "POST", "timestamp.json");
    assertThat(
            metric(url, "trustmirror_http_requests_total{path_class=\"timestamp\",status=\"200\"}"))
        .isEqualTo(2.0);
    assertThat(metric(url, "trustmirror_http_requests_total{path_class=\"root\",status=\"200\"}"))
        .isEqualTo(1.0);
    assertThat(metric(url, "trustmirror_http_requests_total{path_class=\"root\",status=\"404\"}"))
        .isEqualTo(1.0);
    assertThat(metric(url, "trustmirror_http_requests_total{path_class=\"other\",status=\"405\"}"))
        .isEqualTo(1.0);
    assertThat(metric(url, "trustmirror_http_sent_bytes_total{path_class=\"timestamp\"}"))
        .isEqualTo(2.0 * upstream.repo().metadata(RoleType.TIMESTAMP).length);
    assertThat(
            metric(
                url, "trustmirror_http_request_duration_seconds_count{path_class=\"timestamp\"}"))
        .isEqualTo(2.0);
  }

  @Test
  void anAdminPortTakesTheProbesOffTheMainPort() throws Exception {
    MirrorServer server = serve(MirrorServerOptions.builder(upstream.out()).adminPort(0));
    URI admin = server.adminUrl().orElseThrow();
    assertThat(admin.getPort()).isNotEqualTo(server.port());
    for (String probe : List.of("healthz", "readyz", "metrics")) {
      assertThat(Http.get(admin, probe).statusCode()).as(probe).isEqualTo(200);
      assertThat(Http.get(server.url(), probe).statusCode()).as(probe).isEqualTo(404);
    }
    assertThat(Http.get(admin, "timestamp.json").statusCode()).isEqualTo(404);
    assertThat(Http.get(server.url(), "timestamp.json").statusCode()).isEqualTo(200);
    assertThat(Http.get(server.url(), "").statusCode()).isEqualTo(200);
  }

  @Test
  void theStatusPageShowsRolesColouredByTimeLeftAndTheClientSettings() throws Exception {
    MirrorServer server = serve(MirrorServerOptions.builder(upstream.out()));
    clock.set(timestampExpires.minus(Duration.ofHours(48)));
    String page = Http.text(Http.raw2xx(server.port(), "/", "mirror.example:8443"));
    int root = upstream.repo().version(RoleType.ROOT);
    assertThat(page)
        .contains("<tr class=\"warning\"><td>timestamp</td>")
        .contains("<tr class=\"ok\"><td>root</td>")
        .contains("data-seconds-left=\"" + 48 * 3600 + "\">2d 00h 00m 00s<")
        .contains("--tuf-mirror http://mirror.example:8443</pre>")
        .contains(
            "cosign initialize --mirror http://mirror.example:8443 --root http://mirror.example:8443/"
                + root
                + ".root.json")
        .contains(server.generation())
        .contains(upstream.out().toString());
    clock.set(timestampExpires.minus(Duration.ofHours(2)));
    assertThat(Http.text(Http.get(server.url(), "index.html")))
        .contains("<tr class=\"critical\"><td>timestamp</td>");
    clock.set(timestampExpires.plusSeconds(5));
    assertThat(Http.text(Http.get(server.url(), "")))
        .contains("<tr class=\"expired\"><td>timestamp</td>")
        .contains("expired 00h 00m 05s ago");
  }

  @Test
  void theStatusPageNeverEchoesAnUnsafeHostAndPrefersThePublicUrl() throws Exception {
    MirrorServer plain = serve(MirrorServerOptions.builder(upstream.out()));
    String page = Http.text(Http.raw2xx(plain.port(), "/", "x\"><script>alert(1)</script>"));
    assertThat(page)
        .doesNotContain("<script>alert")
        .contains("--tuf-mirror http://127.0.0.1:" + plain.port());
    MirrorServer withPublicUrl =
        serve(
            MirrorServerOptions.builder(upstream.out())
                .publicUrl(URI.create("https://tuf.cluster.internal/")));
    assertThat(Http.text(Http.get(withPublicUrl.url(), "")))
        .contains(
            "cosign initialize --mirror https://tuf.cluster.internal --root https://tuf.cluster.internal/");
    HttpResponse<byte[]> r = Http.get(withPublicUrl.url(), "");
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
  }

  @Test
  void theAccessLogWritesOneLinePerRequestAsTextOrJson() throws Exception {
    List<String> text = Collections.synchronizedList(new ArrayList<>());
    List<String> json = Collections.synchronizedList(new ArrayList<>());
    MirrorServer t =
        serve(
            MirrorServerOptions.builder(upstream.out()).accessLog(AccessLogFormat.TEXT, text::add));
    MirrorServer j =
        serve(
            MirrorServerOptions.builder(upstream.out()).accessLog(AccessLogFormat.JSON, json::add));
    MirrorServer off =
        serve(
            MirrorServerOptions.builder(upstream.out()).accessLog(AccessLogFormat.OFF, text::add));
    int length = upstream.repo().metadata(RoleType.TIMESTAMP).length;
    Http.get(t.url(), "timestamp.json", "User-Agent", "test-agent/1 \"quoted\"");
    Http.get(j.url(), "timestamp.json", "User-Agent", "test-agent/1");
    Http.get(j.url(), "nothing-here");
    Http.get(off.url(), "timestamp.json");
    awaitSize(text, 1);
    awaitSize(json, 2);
    assertThat(text.get(0))
        .matches(
            "127\\.0\\.0\\.1 - - \\[01/Nov/2026:00:00:00 \\+0000\\] \"GET /timestamp.json HTTP/1.1\" 200 "
                + length
                + " \\d+\\.\\d{3}ms \"test-agent/1 \\\\\"quoted\\\\\"\"");
    JsonNode first = new ObjectMapper().readTree(json.get(0));
    assertThat(first.get("method").asText()).isEqualTo("GET");
    assertThat(first.get("path").asText()).isEqualTo("/timestamp.json");
    assertThat(first.get("status").asInt()).isEqualTo(200);
    assertThat(first.get("bytes").asLong()).isEqualTo(length);
    assertThat(first.get("userAgent").asText()).isEqualTo("test-agent/1");
    assertThat(first.get("remote").asText()).isEqualTo("127.0.0.1");
    assertThat(first.get("time").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(first.get("durationMs").isNumber()).isTrue();
    assertThat(new ObjectMapper().readTree(json.get(1)).get("status").asInt()).isEqualTo(404);
    assertThat(text).hasSize(1);
  }

  /** Waits for log lines written after the response was sent; bounded. */
  private void awaitSize(List<String> lines, int size) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (lines.size() < size && System.nanoTime() < deadline) {
      Http.await(vertx.timer(10));
    }
    assertThat(lines).hasSizeGreaterThanOrEqualTo(size);
  }
}
