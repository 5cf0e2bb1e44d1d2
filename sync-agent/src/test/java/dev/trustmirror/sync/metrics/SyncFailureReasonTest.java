package dev.trustmirror.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.tuf.ExpiredMetadataException;
import dev.trustmirror.tuf.HashMismatchException;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.ThresholdNotMetException;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncFailureReasonTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  @TempDir Path tmp;

  @Test
  void aRefusalKeepsItsOwnReason() {
    assertThat(SyncFailureReason.of(new RollbackException("timestamp", 7, 6)))
        .isEqualTo("Rollback");
    assertThat(SyncFailureReason.of(new HashMismatchException("x.json", "sha256", "aa", "bb")))
        .isEqualTo("HashMismatch");
    assertThat(SyncFailureReason.of(new ThresholdNotMetException("root", 2, "root v1", 2, 1)))
        .isEqualTo("ThresholdNotMet");
    assertThat(SyncFailureReason.of(new ExpiredMetadataException("timestamp", 3, T0, T0)))
        .isEqualTo("Expired");
  }

  @Test
  void aTransportFailureIsSourceUnavailableNeverARefusal() {
    assertThat(
            SyncFailureReason.of(
                new SourceUnavailableException("https://mirror/timestamp.json", "HTTP 503")))
        .isEqualTo("SourceUnavailable");
    assertThat(
            SyncFailureReason.of(
                new SourceUnavailableException(
                    "https://mirror/", "reset", new IOException("Connection reset"))))
        .isEqualTo("SourceUnavailable");
  }

  @Test
  void aRefusalWrappedAsUnavailableByPrepareIsStillARefusal() {
    SourceUnavailableException wrapped =
        new SourceUnavailableException(
            "/media/usb/b.tar.gz", "refused", new RollbackException("timestamp", 9, 8));
    assertThat(SyncFailureReason.of(wrapped)).isEqualTo("Rollback");
  }

  @Test
  void noTrustStateAndNoPinnedRootHasItsOwnReason() {
    SyncAgent agent =
        new SyncAgent(
            InMemorySource.of("empty", Map.of()),
            new GenerationPublisher(tmp.resolve("out"), 3),
            Clock.fixed(T0, ZoneOffset.UTC),
            Limits.defaults());
    Throwable failure = catchThrowable(() -> agent.syncOnce(Optional.empty()));
    assertThat(failure).isInstanceOf(SyncAgent.NoTrustStateException.class);
    assertThat(SyncFailureReason.of(failure)).isEqualTo("NoTrustState");
  }

  @Test
  void otherIoFailuresAndBugsAreToldApart() {
    assertThat(SyncFailureReason.of(new IOException("No space left on device")))
        .isEqualTo("IOError");
    assertThat(SyncFailureReason.of(new UncheckedIOException(new IOException("x"))))
        .isEqualTo("Internal");
    assertThat(SyncFailureReason.of(new IllegalStateException("bug"))).isEqualTo("Internal");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "rollback",
        "Two Words",
        "Quote\"}",
        "Line\nBreak",
        "Lbl{a=\"b\"}",
        "A1234567890123456789012345678901234567890123456789012345678901234"
      })
  void aRefusalReasonThatIsNotAPlainNameBecomesRefused(String hostile) {
    assertThat(SyncFailureReason.of(refusal(hostile))).isEqualTo("Refused");
  }

  @Test
  void aNullReasonBecomesRefused() {
    assertThat(SyncFailureReason.of(refusal(null))).isEqualTo("Refused");
  }

  private static TufRefusalException refusal(String reason) {
    return new TufRefusalException("timestamp", "odd") {
      private static final long serialVersionUID = 1L;

      @Override
      public String reason() {
        return reason;
      }
    };
  }
}
