package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.time.MovableClock;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file of a real (Sigstore history 08) and a generated repository is served byte for byte
 * with the right headers, and every HTTP rule of the issue holds: 304, HEAD, gzip, 405, 404,
 * traversal, oversized requests.
 */
class MirrorServerFilesIT {
  @TempDir static Path tmp;
  static Vertx vertx;
  static Map<String, Upstream> upstreams = new TreeMap<>();
  static Map<String, MirrorServer> servers = new TreeMap<>();

  @BeforeAll
  static void startServers() throws Exception {
    vertx = Vertx.vertx();
    upstreams.put("history08", Upstream.history08(tmp.resolve("history08")));
    upstreams.put(
        "generated", Upstream.generated(tmp.resolve("generated"), new MovableClock(Upstream.T0)));
    for (var e : upstreams.entrySet()) {
      servers.put(
          e.getKey(),
          Http.await(
              MirrorServer.start(
                  vertx, MirrorServerOptions.builder(e.getValue().out()).port(0).build())));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (MirrorServer s : servers.values()) {
      Http.await(s.close());
    }
    Http.await(vertx.close());
  }

  static URI url(String name) {
    return servers.get(name).url();
  }

  static URI history() {
    return url("history08");
  }

  /** Relative paths of every regular file of the current generation. */
  static List<String> publishedFiles(String name) throws Exception {
    Path current = upstreams.get(name).current();
    try (Stream<Path> walk = Files.walk(current)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> current.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"history08", "generated"})
  void servesEveryPublishedFileByteForByteWithItsHeaders(String name) throws Exception {
    Path current = upstreams.get(name).current();
    List<String> files = publishedFiles(name);
    assertThat(files).contains("timestamp.json", "1.root.json").hasSizeGreaterThan(5);
    for (String path : files) {
      byte[] expected = Files.readAllBytes(current.resolve(path));
      HttpResponse<byte[]> r = Http.get(url(name), path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(ServedFile.sha256Hex(r.body())).as(path).isEqualTo(ServedFile.sha256Hex(expected));
      assertThat(r.headers().firstValue("Content-Length"))
          .as(path)
          .hasValue(Integer.toString(expected.length));
      assertThat(r.headers().firstValue("ETag"))
          .as(path)
          .hasValue("\"sha256-" + ServedFile.sha256Hex(expected) + "\"");
      assertThat(r.headers().firstValue("Content-Type"))
          .as(path)
          .hasValue(path.startsWith("targets/") ? "application/octet-stream" : "application/json");
      assertThat(r.headers().firstValue("Cache-Control"))
          .as(path)
          .hasValue(
              path.equals("timestamp.json")
                  ? "no-cache, max-age=60"
                  : "public, max-age=31536000, immutable");
      assertThat(r.headers().firstValue("Content-Encoding")).as(path).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"history08", "generated"})
  void gzipDecompressesToTheExactBytesAndVariesByAcceptEncoding(String name) throws Exception {
    Path current = upstreams.get(name).current();
    int gzipped = 0;
    for (String path : publishedFiles(name)) {
      byte[] expected = Files.readAllBytes(current.resolve(path));
      HttpResponse<byte[]> r = Http.get(url(name), path, "Accept-Encoding", "br;q=1.0, gzip;q=0.8");
      assertThat(r.statusCode()).isEqualTo(200);
      if (r.headers().firstValue("Content-Encoding").isEmpty()) {
        // Served as is only when gzip would not be smaller.
        assertThat(r.body()).isEqualTo(expected);
        continue;
      }
      gzipped++;
      assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
      assertThat(r.headers().firstValue("Content-Length"))
          .hasValue(Integer.toString(r.body().length));
      assertThat(r.body().length).isLessThan(expected.length);
      assertThat(r.headers().firstValue("ETag"))
          .hasValue("\"sha256-" + ServedFile.sha256Hex(expected) + "-gz\"");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
        assertThat(in.readAllBytes()).as(path).isEqualTo(expected);
      }
      HttpResponse<byte[]> identity = Http.get(url(name), path);
      assertThat(identity.headers().firstValue("Vary")).hasValue("Accept-Encoding");
      HttpResponse<byte[]> refused = Http.get(url(name), path, "Accept-Encoding", "gzip;q=0, *");
      assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(refused.body()).isEqualTo(expected);
    }
    assertThat(gzipped).isGreaterThan(3);
  }

  @Test
  void ifNoneMatchWithTheCurrentTagOrAStarIs304WithTheTag() throws Exception {
    HttpResponse<byte[]> first = Http.get(history(), "timestamp.json");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    for (String inm : List.of(etag, "\"other\", " + etag, "W/" + etag, "*")) {
      HttpResponse<byte[]> r = Http.get(history(), "timestamp.json", "If-None-Match", inm);
      assertThat(r.statusCode()).as(inm).isEqualTo(304);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("ETag")).hasValue(etag);
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache, max-age=60");
    }
    HttpResponse<byte[]> other =
        Http.get(history(), "timestamp.json", "If-None-Match", "\"sha256-0\"");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());
    // The identity tag does not match the gzip representation, and the reverse.
    HttpResponse<byte[]> gz =
        Http.get(history(), "timestamp.json", "If-None-Match", etag, "Accept-Encoding", "gzip");
    assertThat(gz.statusCode()).isEqualTo(200);
    String gzTag = gz.headers().firstValue("ETag").orElseThrow();
    assertThat(
            Http.get(history(), "timestamp.json", "If-None-Match", gzTag, "Accept-Encoding", "gzip")
                .statusCode())
        .isEqualTo(304);
  }

  @Test
  void headHasTheHeadersAndLengthButNoBody() throws Exception {
    HttpResponse<byte[]> get = Http.get(history(), "15.root.json");
    String raw =
        Http.raw(servers.get("history08").port(), "HEAD /15.root.json HTTP/1.1\r\nHost: x");
    assertThat(Http.rawStatus(raw)).isEqualTo(200);
    assertThat(raw).containsIgnoringCase("content-length: " + get.body().length + "\r\n");
    assertThat(raw).containsIgnoringCase("etag: " + get.headers().firstValue("ETag").orElseThrow());
    assertThat(raw).endsWith("\r\n\r\n");
    HttpResponse<byte[]> head = Http.send(history(), "HEAD", "15.root.json");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void onlyGetAndHeadAreAllowed() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
      HttpResponse<byte[]> r = Http.send(history(), method, "timestamp.json");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void anythingNotInTheRepositoryIs404AndThereIsNoListing() throws Exception {
    for (String path :
        List.of(
            "targets/",
            "targets",
            "16.root.json",
            "timestamp.json/",
            "state/trust.json",
            "current/timestamp.json",
            "generations/",
            "snapshot.json",
            "favicon.ico")) {
      HttpResponse<byte[]> r = Http.get(history(), path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
    }
  }

  @Test
  void traversalAndEncodedTricksNeverReachAFile() throws Exception {
    int port = servers.get("history08").port();
    for (String path :
        List.of(
            "/../state/trust.json",
            "/%2e%2e/state/trust.json",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/targets/..%2f..%2fstate/trust.json",
            "/targets%2f..",
            "/targets/../timestamp.json",
            "/./timestamp.json",
            "//timestamp.json",
            "/timestamp.json%00",
            "/timestamp.json%00.png",
            "/..%5cstate%5ctrust.json",
            "/%252e%252e/state/trust.json",
            "/%c0%ae%c0%ae/state/trust.json",
            "/timestamp.json%")) {
      String response = Http.raw(port, "GET " + path + " HTTP/1.1\r\nHost: x");
      assertThat(Http.rawStatus(response)).as(path).isIn(400, 404);
      assertThat(response).as(path).doesNotContain("\"signed\"");
    }
    String slash = Http.raw(port, "GET \\..\\state\\trust.json HTTP/1.1\r\nHost: x");
    assertThat(Http.rawStatus(slash)).isIn(400, 404);
  }

  @Test
  void oversizedRequestLinesAndHeadersAreRefused() throws Exception {
    int port = servers.get("history08").port();
    String longPath = "/" + "a".repeat(5000);
    assertThat(Http.rawStatus(Http.raw(port, "GET " + longPath + " HTTP/1.1\r\nHost: x")))
        .isEqualTo(414);
    String pathOverOurLimit = "/" + "a".repeat(RequestPath.MAX_LENGTH + 10);
    assertThat(Http.rawStatus(Http.raw(port, "GET " + pathOverOurLimit + " HTTP/1.1\r\nHost: x")))
        .isEqualTo(414);
    String bigHeader = "X-Big: " + "b".repeat(Listener.MAX_HEADER_SIZE + 100);
    assertThat(
            Http.rawStatus(
                Http.raw(port, "GET /timestamp.json HTTP/1.1\r\nHost: x\r\n" + bigHeader)))
        .isEqualTo(431);
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws Exception {
    int port = servers.get("history08").port();
    String twice =
        "GET /timestamp.json HTTP/1.1\r\nHost: x\r\n\r\nGET /1.root.json HTTP/1.1\r\nHost: x";
    String both = Http.raw(port, twice);
    assertThat(both.split("HTTP/1.1 200 OK", -1)).hasSize(3);
  }
}
