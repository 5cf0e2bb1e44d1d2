package dev.trustmirror.sync.source;

import static dev.trustmirror.sync.source.ScriptedHttpServer.body;
import static dev.trustmirror.sync.source.ScriptedHttpServer.chunked;
import static dev.trustmirror.sync.source.ScriptedHttpServer.dropConnection;
import static dev.trustmirror.sync.source.ScriptedHttpServer.hang;
import static dev.trustmirror.sync.source.ScriptedHttpServer.stallAfter;
import static dev.trustmirror.sync.source.ScriptedHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HttpSource against a JDK HTTP server that injects faults. */
class HttpSourceFaultsIT {
  private static final byte[] TIMESTAMP =
      "{\"signed\":{\"version\":762}}".getBytes(StandardCharsets.UTF_8);

  private ScriptedHttpServer server;
  private RecordingSleeper sleeper;

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedHttpServer();
    sleeper = new RecordingSleeper();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private RepositorySource source(int retries, Duration readTimeout) throws Exception {
    return RepositorySources.open(
        server.baseUrl().toString(),
        SourceOptions.builder().retries(retries).readTimeout(readTimeout).sleeper(sleeper).build());
  }

  private RepositorySource source() throws Exception {
    return source(3, Duration.ofSeconds(10));
  }

  @Test
  void retriesA500ThenReturnsTheFile() throws Exception {
    server.script("/timestamp.json", status(500), body(TIMESTAMP));
    assertThat(source().fetch("timestamp.json", 1024)).hasValue(TIMESTAMP);
    assertThat(server.requests()).hasSize(2);
    assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void backsOffExponentiallyThenGivesUpWithTheUrl() throws Exception {
    server.script("/timestamp.json", status(503));
    assertThatThrownBy(() -> source().fetch("timestamp.json", 1024))
        .isInstanceOfSatisfying(
            SourceUnavailableException.class,
            e -> {
              assertThat(e.location()).isEqualTo(server.baseUrl() + "timestamp.json");
              assertThat(e.getMessage()).contains("HTTP 503").contains("4 attempts");
            });
    assertThat(server.requests()).hasSize(4);
    assertThat(sleeper.delays())
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
  }

  @Test
  void honoursRetryAfterOnTooManyRequests() throws Exception {
    server.script("/timestamp.json", status(429, "Retry-After", "2"), body(TIMESTAMP));
    assertThat(source().fetch("timestamp.json", 1024)).hasValue(TIMESTAMP);
    assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retriesADroppedConnection() throws Exception {
    server.script("/timestamp.json", dropConnection(), dropConnection(), body(TIMESTAMP));
    assertThat(source().fetch("timestamp.json", 1024)).hasValue(TIMESTAMP);
    assertThat(server.requests()).hasSize(3);
    // The JDK client may itself resend a GET once when a kept-alive connection closes early.
    assertThat(sleeper.delays()).isNotEmpty();
  }

  @Test
  void givesUpWhenTheConnectionKeepsDropping() throws Exception {
    server.script("/timestamp.json", dropConnection());
    assertThatThrownBy(() -> source().fetch("timestamp.json", 1024))
        .isInstanceOfSatisfying(
            SourceUnavailableException.class,
            e -> assertThat(e.getCause()).isInstanceOf(java.io.IOException.class))
        .hasMessageContaining("4 attempts");
    assertThat(sleeper.delays()).hasSize(3);
  }

  @Test
  void givesUpWhenTheServerNeverAnswers() throws Exception {
    server.script("/timestamp.json", hang());
    assertThatThrownBy(() -> source(1, Duration.ofMillis(300)).fetch("timestamp.json", 1024))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("read timeout")
        .hasMessageContaining("2 attempts");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void givesUpWhenTheBodyStalls() throws Exception {
    server.script("/timestamp.json", stallAfter(new byte[10], 100), body(TIMESTAMP));
    assertThat(source(1, Duration.ofMillis(300)).fetch("timestamp.json", 1024)).hasValue(TIMESTAMP);
    assertThat(sleeper.delays()).hasSize(1);
  }

  @Test
  void failsAtOnceOnOtherClientErrors() throws Exception {
    server.script("/timestamp.json", status(400));
    assertThatThrownBy(() -> source().fetch("timestamp.json", 1024))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("HTTP 400");
    assertThat(server.requests()).hasSize(1);
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void forbiddenAndMissingAreNotFound() throws Exception {
    server.script("/16.root.json", status(403));
    assertThat(source().fetch("16.root.json", 1024)).isEmpty();
    assertThat(source().fetch("17.root.json", 1024)).isEmpty();
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void capsABodyWithoutContentLength() throws Exception {
    server.script("/targets/big.json", chunked(new byte[100_000]));
    assertThatThrownBy(() -> source().fetch("targets/big.json", 1000))
        .isInstanceOfSatisfying(
            FileTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(1000));
    assertThat(source().fetch("targets/big.json", 100_000))
        .get()
        .satisfies(b -> assertThat(b).hasSize(100_000));
  }

  @Test
  void refusesAnAnnouncedLengthOverTheLimitWithoutRetrying() throws Exception {
    server.script("/timestamp.json", body(TIMESTAMP));
    assertThatThrownBy(() -> source().fetch("timestamp.json", TIMESTAMP.length - 1))
        .isInstanceOf(FileTooLargeException.class);
    assertThat(source().fetch("timestamp.json", TIMESTAMP.length)).hasValue(TIMESTAMP);
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void connectionRefusedIsUnavailable() throws Exception {
    RepositorySource source = source(2, Duration.ofSeconds(5));
    server.close();
    assertThatThrownBy(() -> source.fetch("timestamp.json", 1024))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("3 attempts");
    assertThat(sleeper.delays()).hasSize(2);
  }
}
