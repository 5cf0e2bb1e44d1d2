package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.tuf.TufRefusalException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server starts only with a verified repository, and is alive but unready while loading it. */
class StartupIT {
  @TempDir Path tmp;
  Vertx vertx;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    Http.await(vertx.close());
  }

  private Throwable startFailure(MirrorServerOptions options) {
    try {
      Http.await(MirrorServer.start(vertx, options));
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("started");
  }

  @Test
  void nothingPublishedFailsWithAnIoErrorAndLeavesNothingListening() {
    Throwable e = startFailure(MirrorServerOptions.builder(tmp.resolve("nothing")).port(0).build());
    assertThat(e).isInstanceOf(IOException.class);
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void aTamperedGenerationIsRefused() throws Exception {
    Upstream upstream = Upstream.generated(tmp, new MovableClock(Upstream.T0));
    Path ts = upstream.current().resolve("timestamp.json");
    Files.writeString(
        ts, Files.readString(ts).replaceFirst("\"version\": ?(\\d+)", "\"version\": 999"));
    Throwable e = startFailure(MirrorServerOptions.builder(upstream.out()).port(0).build());
    assertThat(e).isInstanceOf(TufRefusalException.class);
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void aTakenPortFails() throws Exception {
    Upstream upstream = Upstream.generated(tmp, new MovableClock(Upstream.T0));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Throwable e =
          startFailure(
              MirrorServerOptions.builder(upstream.out()).port(taken.getLocalPort()).build());
      assertThat(e).isInstanceOf(java.net.BindException.class);
    }
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  void whileTheFirstGenerationIsVerifiedItIsAliveButNotReady() throws Exception {
    Upstream upstream = Upstream.generated(tmp, new MovableClock(Upstream.T0));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    MirrorServerOptions options =
        MirrorServerOptions.builder(upstream.out())
            .port(port)
            .clock(new MovableClock(Upstream.T0))
            .reloadInterval(Duration.ofHours(1))
            .build();
    Promise<GenerationWatcher.Loaded> loading = Promise.promise();
    Future<MirrorServer> starting = MirrorServer.start(vertx, options, loading.future());
    java.net.URI url = java.net.URI.create("http://127.0.0.1:" + port + "/");
    // Listening happens in parallel with loading: wait for the port (bounded), not for a time.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Http.get(url, "healthz");
        break;
      } catch (IOException notYet) {
        Http.await(vertx.timer(20));
      }
    }
    assertThat(Http.get(url, "healthz").statusCode()).isEqualTo(200);
    assertThat(Http.get(url, "readyz").statusCode()).isEqualTo(503);
    assertThat(Http.get(url, "timestamp.json").statusCode()).isEqualTo(503);
    assertThat(starting.isComplete()).isFalse();

    loading.complete(GenerationWatcher.load(upstream.out(), options.clock(), 3));
    MirrorServer server = Http.await(starting);
    assertThat(Http.get(url, "readyz").statusCode()).isEqualTo(200);
    assertThat(Http.get(url, "timestamp.json").statusCode()).isEqualTo(200);
    Http.await(server.close());
  }
}
