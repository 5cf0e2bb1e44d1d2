package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.time.MovableClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 in clear text (prior knowledge) and over TLS (ALPN), and certificate rotation. */
class Http2AndTlsIT {
  @TempDir static Path tmp;
  static Vertx vertx;
  static Upstream upstream;

  @BeforeAll
  static void publish() throws Exception {
    vertx = Vertx.vertx();
    upstream = Upstream.generated(tmp, new MovableClock(Upstream.T0));
  }

  @AfterAll
  static void stop() throws Exception {
    Http.await(vertx.close());
  }

  /** What one request saw. */
  record Seen(int status, HttpVersion version, Buffer body, List<X509Certificate> peer) {}

  static Seen fetch(HttpClientOptions options, int port, String path) throws Exception {
    HttpClientAgent client = vertx.createHttpClient(options);
    try {
      return Http.await(
          client
              .request(
                  new RequestOptions()
                      .setMethod(HttpMethod.GET)
                      .setHost("127.0.0.1")
                      .setPort(port)
                      .setURI(path))
              .compose(req -> req.send())
              .compose(
                  (HttpClientResponse res) ->
                      res.body()
                          .map(
                              body -> {
                                List<X509Certificate> peer = new ArrayList<>();
                                if (res.request().connection().isSsl()) {
                                  try {
                                    res.request()
                                        .connection()
                                        .peerCertificates()
                                        .forEach(c -> peer.add((X509Certificate) c));
                                  } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                  }
                                }
                                return new Seen(res.statusCode(), res.version(), body, peer);
                              })));
    } finally {
      Http.await(client.close());
    }
  }

  static HttpClientOptions h2c() {
    return new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false);
  }

  static HttpClientOptions h2OverTls() {
    return new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setSsl(true)
        .setUseAlpn(true)
        .setTrustAll(true)
        .setVerifyHost(false);
  }

  @Test
  void servesHttp2InClearTextWithPriorKnowledge() throws Exception {
    MirrorServer server =
        Http.await(
            MirrorServer.start(vertx, MirrorServerOptions.builder(upstream.out()).port(0).build()));
    try {
      Seen seen = fetch(h2c(), server.port(), "/timestamp.json");
      assertThat(seen.status()).isEqualTo(200);
      assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(seen.body().getBytes())
          .isEqualTo(Files.readAllBytes(upstream.current().resolve("timestamp.json")));
      Seen refused = fetch(h2c(), server.port(), "/%2e%2e/state/trust.json");
      assertThat(refused.status()).isEqualTo(400);
    } finally {
      Http.await(server.close());
    }
  }

  @Test
  void servesHttp2OverTlsByAlpnAndReloadsARotatedCertificate() throws Exception {
    Path cert = tmp.resolve("tls.crt");
    Path key = tmp.resolve("tls.key");
    X509Certificate first = SelfSignedCertificate.write(cert, key);
    MirrorServer server =
        Http.await(
            MirrorServer.start(
                vertx,
                MirrorServerOptions.builder(upstream.out())
                    .port(0)
                    .tls(cert, key)
                    .tlsReloadInterval(Duration.ofHours(1))
                    .build()));
    try {
      assertThat(server.url().getScheme()).isEqualTo("https");
      Seen seen = fetch(h2OverTls(), server.port(), "/timestamp.json");
      assertThat(seen.status()).isEqualTo(200);
      assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(seen.peer().get(0)).isEqualTo(first);
      Seen http11 =
          fetch(
              new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false),
              server.port(),
              "/1.root.json");
      assertThat(http11.version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(http11.status()).isEqualTo(200);

      X509Certificate second = SelfSignedCertificate.write(cert, key);
      assertThat(second).isNotEqualTo(first);
      assertThat(Http.await(server.reloadTls())).isTrue();
      Seen after = fetch(h2OverTls(), server.port(), "/timestamp.json");
      assertThat(after.peer().get(0)).isEqualTo(second);
      assertThat(after.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(Http.await(server.reloadTls())).as("unchanged files are not reloaded").isFalse();
      assertThat(server.metrics().scrape()).contains("trustmirror_tls_reloads_total 1.0");
    } finally {
      Http.await(server.close());
    }
  }

  @Test
  void theReloadTimerPicksUpARotatedCertificateByItself() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("timer"));
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    SelfSignedCertificate.write(cert, key);
    MirrorServer server =
        Http.await(
            MirrorServer.start(
                vertx,
                MirrorServerOptions.builder(upstream.out())
                    .port(0)
                    .tls(cert, key)
                    .tlsReloadInterval(Duration.ofMillis(100))
                    .build()));
    try {
      X509Certificate rotated = SelfSignedCertificate.write(cert, key);
      // Polls for an external condition (the timer firing), bounded so a broken server cannot hang.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      X509Certificate seen = null;
      while (System.nanoTime() < deadline) {
        seen = fetch(h2OverTls(), server.port(), "/healthz").peer().get(0);
        if (seen.equals(rotated)) {
          break;
        }
        Http.await(vertx.timer(50));
      }
      assertThat(seen).isEqualTo(rotated);
    } finally {
      Http.await(server.close());
    }
  }

  @Test
  void aBrokenCertificateKeepsTheOldOneAndIsCounted() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("broken"));
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    X509Certificate good = SelfSignedCertificate.write(cert, key);
    List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    MirrorServer server =
        Http.await(
            MirrorServer.start(
                vertx,
                MirrorServerOptions.builder(upstream.out())
                    .port(0)
                    .tls(cert, key)
                    .tlsReloadInterval(Duration.ofHours(1))
                    .eventLog(events::add)
                    .build()));
    try {
      Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
      assertThat(Http.await(server.reloadTls())).isFalse();
      assertThat(fetch(h2OverTls(), server.port(), "/healthz").peer().get(0)).isEqualTo(good);
      assertThat(server.metrics().scrape()).contains("trustmirror_tls_reload_failures_total 1.0");
      assertThat(events)
          .anyMatch(e -> e.startsWith("WARNING: tried to reload the TLS certificate"));
    } finally {
      Http.await(server.close());
    }
  }
}
