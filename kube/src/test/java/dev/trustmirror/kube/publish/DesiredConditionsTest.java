package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.publish.TrustRootCondition.Status;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredConditionsTest {
  static final Instant NOW = Instant.parse("2026-03-05T00:00:00Z");
  final DesiredConditions desired =
      new DesiredConditions(Duration.ofHours(72), Duration.ofHours(24));

  private static ExpiryReport report(Duration timestampLeft) {
    return ExpiryReport.evaluate(
        List.of(
            new RoleInfo("root", 5, NOW.plus(Duration.ofDays(100))),
            new RoleInfo("timestamp", 12, NOW.plus(timestampLeft)),
            new RoleInfo("snapshot", 30, NOW.plus(Duration.ofDays(20)))),
        NOW,
        Duration.ofHours(72),
        Duration.ofHours(24));
  }

  @Test
  void readyAndNothingExpiringSoon() {
    List<TrustRootCondition> c = desired.held(report(Duration.ofDays(6)), 3);

    assertThat(c)
        .extracting(TrustRootCondition::type)
        .containsExactly(TrustRootCondition.READY, TrustRootCondition.EXPIRES_SOON);
    assertThat(c.get(0).status()).isEqualTo(Status.TRUE);
    assertThat(c.get(0).reason()).isEqualTo("Verified");
    assertThat(c.get(0).message()).endsWith("timestamp v12 is valid until 2026-03-11T00:00:00Z");
    assertThat(c.get(0).observedGeneration()).hasValue(3);
    assertThat(c.get(1).status()).isEqualTo(Status.FALSE);
    assertThat(c.get(1).reason()).isEqualTo("OutsideWarningWindow");
  }

  @Test
  void expiringSoonNamesTheRolesAndTheWorstLevel() {
    List<TrustRootCondition> c = desired.held(report(Duration.ofHours(10)), 3);

    assertThat(c.get(0).status()).isEqualTo(Status.TRUE);
    assertThat(c.get(1).status()).isEqualTo(Status.TRUE);
    assertThat(c.get(1).reason()).isEqualTo("Critical");
    assertThat(c.get(1).message())
        .isEqualTo(
            "timestamp v12 expires at 2026-03-05T10:00:00Z (warning within 72h, critical within"
                + " 24h)");
  }

  @Test
  void anExpiredRoleMakesReadyFalse() {
    List<TrustRootCondition> c = desired.held(report(Duration.ofHours(-1)), 3);

    assertThat(c.get(0).status()).isEqualTo(Status.FALSE);
    assertThat(c.get(0).reason()).isEqualTo("Expired");
    assertThat(c.get(0).message()).startsWith("timestamp v12 expired at 2026-03-04T23:00:00Z");
    assertThat(c.get(1).reason()).isEqualTo("Expired");
  }

  @Test
  void theSameRepositoryLaterGivesTheSameConditions() {
    // no "time left" in messages: a later sync at the same level writes nothing
    ExpiryReport earlier = report(Duration.ofHours(70));
    ExpiryReport later =
        ExpiryReport.evaluate(
            List.of(
                new RoleInfo("root", 5, NOW.plus(Duration.ofDays(100))),
                new RoleInfo("timestamp", 12, NOW.plus(Duration.ofHours(70))),
                new RoleInfo("snapshot", 30, NOW.plus(Duration.ofDays(20)))),
            NOW.plus(Duration.ofHours(3)),
            Duration.ofHours(72),
            Duration.ofHours(24));

    assertThat(desired.held(later, 1)).isEqualTo(desired.held(earlier, 1));
  }

  @Test
  void failureReasonsMustBeCamelCase() {
    assertThat(desired.failed("Rollback", "m", 1).reason()).isEqualTo("Rollback");
    assertThat(desired.failed("SourceUnavailable", "m", 1).reason()).isEqualTo("SourceUnavailable");
    assertThat(desired.failed("rollback", "m", 1).reason()).isEqualTo("Failed");
    assertThat(desired.failed("Roll back", "m", 1).reason()).isEqualTo("Failed");
    assertThat(desired.failed("", "m", 1).reason()).isEqualTo("Failed");
    assertThat(desired.failed(null, "m", 1).reason()).isEqualTo("Failed");
    assertThat(desired.failed("A".repeat(200), "m", 1).reason()).isEqualTo("Failed");
  }

  @Test
  void failureMessagesAreOneBoundedLine() {
    TrustRootCondition c = desired.failed("Rollback", "line one\nline two\t" + "x".repeat(5000), 1);

    assertThat(c.message()).doesNotContain("\n").startsWith("line one line two x");
    assertThat(c.message()).hasSize(DesiredConditions.MAX_MESSAGE);
    assertThat(desired.failed("Rollback", "short", 1).message())
        .isEqualTo("short The resource keeps the last good repository.");
  }
}
