package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.time.MovableClock;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server follows the sync agent: it switches to each new generation without a restart, never
 * mixes or drops requests while doing so, and refuses a generation that does not verify.
 */
class GenerationSwitchIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Vertx vertx;
  MovableClock clock;
  Upstream upstream;
  MirrorServer server;
  List<String> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    clock = new MovableClock(Upstream.T0);
    upstream = Upstream.generated(tmp, clock);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      Http.await(server.close());
    }
    Http.await(vertx.close());
  }

  private MirrorServer serve(MirrorServerOptions.Builder options) throws Exception {
    server = Http.await(MirrorServer.start(vertx, options.port(0).eventLog(events::add).build()));
    return server;
  }

  private byte[] currentFile(String path) throws Exception {
    return Files.readAllBytes(upstream.current().resolve(path));
  }

  @Test
  void underLoadEveryResponseIsWholeAndEverySnapshotATimestampNamesIsServed() throws Exception {
    // Switched by explicit reloads, so that each publish is one switch; the default retention of
    // replaced generations' versioned files is what keeps every named snapshot servable.
    serve(MirrorServerOptions.builder(upstream.out()).reloadInterval(Duration.ofHours(1)));
    int publishes = 20;
    int clients = 4;
    int minimumPairsPerClient = 250; // 2 requests each: at least 2,000 requests in all
    AtomicBoolean publishing = new AtomicBoolean(true);
    Set<String> generationsSeen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      results.add(
          pool.submit(
              () -> clientLoop(server.url(), minimumPairsPerClient, publishing, generationsSeen)));
    }
    try {
      for (int i = 0; i < publishes; i++) {
        if (i % 5 == 4) {
          upstream.repo().bumpTargets();
        } else {
          upstream.repo().bumpSnapshot();
        }
        assertThat(upstream.sync().published()).isTrue();
        assertThat(Http.await(server.reload())).isTrue();
        assertThat(server.generation()).isEqualTo(upstream.current().getFileName().toString());
      }
    } finally {
      publishing.set(false);
    }
    List<String> problems = new ArrayList<>();
    long requests = 0;
    for (Future<List<String>> f : results) {
      List<String> r = f.get();
      requests += Long.parseLong(r.get(0));
      problems.addAll(r.subList(1, r.size()));
    }
    pool.shutdown();
    assertThat(problems).isEmpty();
    assertThat(requests).isGreaterThanOrEqualTo(2L * clients * minimumPairsPerClient);
    assertThat(server.metrics().generationSwitches()).isEqualTo(publishes);
    assertThat(server.metrics().reloadFailures()).isZero();
    assertThat(generationsSeen).hasSizeGreaterThan(3);
  }

  /**
   * Fetches {@code timestamp.json}, then the {@code V.snapshot.json} it names, at least {@code
   * pairs} times and until publishing stopped. Returns the request count, then every problem seen.
   */
  private static List<String> clientLoop(
      URI base, int pairs, AtomicBoolean publishing, Set<String> generations) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> problems = new ArrayList<>();
    long requests = 0;
    for (int i = 0; i < pairs || publishing.get(); i++) {
      HttpResponse<byte[]> ts =
          http.send(
              HttpRequest.newBuilder(base.resolve("timestamp.json")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      requests++;
      if (ts.statusCode() != 200) {
        problems.add("timestamp.json: " + ts.statusCode());
        continue;
      }
      ts.headers().firstValue("X-Trust-Mirror-Generation").ifPresent(generations::add);
      JsonNode tsJson = JSON.readTree(ts.body());
      int version = tsJson.at("/signed/meta/snapshot.json/version").asInt();
      String snapshotPath = version + ".snapshot.json";
      HttpResponse<byte[]> snap =
          http.send(
              HttpRequest.newBuilder(base.resolve(snapshotPath)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      requests++;
      if (snap.statusCode() != 200) {
        problems.add(
            snapshotPath
                + " named by timestamp v"
                + tsJson.at("/signed/version")
                + ": "
                + snap.statusCode());
        continue;
      }
      int served = JSON.readTree(snap.body()).at("/signed/version").asInt();
      if (served != version) {
        problems.add(snapshotPath + " has version " + served);
      }
    }
    List<String> out = new ArrayList<>();
    out.add(Long.toString(requests));
    out.addAll(problems);
    return out;
  }

  @Test
  void aNewGenerationIsPickedUpByTheTimerWithoutARestart() throws Exception {
    serve(MirrorServerOptions.builder(upstream.out()).reloadInterval(Duration.ofMillis(250)));
    String before = server.generation();
    upstream.repo().bumpSnapshot();
    upstream.sync();
    byte[] expected = currentFile("timestamp.json");
    // Polls an external condition (the timer firing), bounded so a broken server cannot hang.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<byte[]> r = Http.get(server.url(), "timestamp.json");
    while (!java.util.Arrays.equals(r.body(), expected) && System.nanoTime() < deadline) {
      Http.await(vertx.timer(50));
      r = Http.get(server.url(), "timestamp.json");
    }
    assertThat(r.body()).isEqualTo(expected);
    assertThat(server.generation()).isNotEqualTo(before);
    assertThat(events).anyMatch(e -> e.startsWith("Serving generation " + server.generation()));
  }

  @Test
  void versionedFilesOfReplacedGenerationsStayServedForAFewSwitchesTimestampDoesNot()
      throws Exception {
    serve(
        MirrorServerOptions.builder(upstream.out())
            .reloadInterval(Duration.ofHours(1))
            .retainedGenerations(2));
    String firstSnapshot =
        upstream.repo().version(dev.trustmirror.testkit.tuf.RoleType.SNAPSHOT) + ".snapshot.json";
    byte[] firstSnapshotBytes = currentFile(firstSnapshot);
    for (int i = 1; i <= 3; i++) {
      upstream.repo().bumpSnapshot();
      upstream.sync();
      assertThat(Http.await(server.reload())).isTrue();
      HttpResponse<byte[]> old = Http.get(server.url(), firstSnapshot);
      if (i <= 2) {
        assertThat(old.statusCode()).as("after %d switches", i).isEqualTo(200);
        assertThat(old.body()).isEqualTo(firstSnapshotBytes);
      } else {
        assertThat(old.statusCode()).as("after %d switches", i).isEqualTo(404);
      }
      assertThat(Http.get(server.url(), "timestamp.json").body())
          .isEqualTo(currentFile("timestamp.json"));
    }
  }

  @Test
  void aGenerationThatFailsVerificationIsNeverServedAndIsCounted() throws Exception {
    serve(MirrorServerOptions.builder(upstream.out()).reloadInterval(Duration.ofHours(1)));
    String good = server.generation();
    byte[] goodTimestamp = currentFile("timestamp.json");
    Path evil = upstream.out().resolve("generations/999-tampered");
    copyTree(upstream.current(), evil);
    String ts = Files.readString(evil.resolve("timestamp.json"), StandardCharsets.UTF_8);
    Files.writeString(
        evil.resolve("timestamp.json"),
        ts.replaceFirst("\"version\": ?(\\d+)", "\"version\": 999"));
    switchCurrent(upstream.out(), "generations/999-tampered");

    assertThat(Http.await(server.reload())).isFalse();
    assertThat(server.generation()).isEqualTo(good);
    assertThat(Http.get(server.url(), "timestamp.json").body()).isEqualTo(goodTimestamp);
    assertThat(server.metrics().reloadFailures()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.startsWith("WARNING: refused to serve")).hasSize(1);
    // Checked again, the same refused generation is not counted twice.
    assertThat(Http.await(server.reload())).isFalse();
    assertThat(server.metrics().reloadFailures()).isEqualTo(1);
    assertThat(Http.get(server.url(), "metrics").body())
        .asString()
        .contains("trustmirror_generation_reload_failures_total 1.0");

    // The next good sync is served again.
    switchCurrent(upstream.out(), "generations/" + good);
    upstream.repo().bumpTimestamp();
    assertThat(upstream.sync().published()).isTrue();
    assertThat(Http.await(server.reload())).isTrue();
    assertThat(Http.get(server.url(), "timestamp.json").body())
        .isEqualTo(currentFile("timestamp.json"));
  }

  private static void switchCurrent(Path out, String target) throws Exception {
    Path tmpLink = out.resolve(".current-test");
    Files.deleteIfExists(tmpLink);
    Files.createSymbolicLink(tmpLink, Path.of(target));
    Files.move(
        tmpLink,
        out.resolve("current"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
