package dev.trustmirror.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TrustStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncMetricsTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant TIMESTAMP_EXPIRES = T0.plus(Duration.ofDays(7));
  static final List<RoleInfo> ROLES =
      List.of(
          new RoleInfo("root", 3, T0.plus(Duration.ofDays(180))),
          new RoleInfo("timestamp", 41, TIMESTAMP_EXPIRES),
          new RoleInfo("registry.npmjs.org", 8, T0.plus(Duration.ofDays(90))));
  static final SyncOutcome PUBLISHED = new SyncOutcome(true, Path.of("g/41-aa"), ROLES, 12);
  static final SyncOutcome UNCHANGED = new SyncOutcome(false, Path.of("g/41-aa"), ROLES, -1);

  @TempDir Path tmp;
  final MovableClock clock = new MovableClock(T0);
  final SyncMetrics metrics = new SyncMetrics(clock);

  PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape());
  }

  @Test
  void beforeAnyAttemptOnlyTheStartAndZeroCountersExist() {
    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_sync_agent_start_timestamp_seconds"))
        .isEqualTo(T0.getEpochSecond());
    assertThat(s.value("trustmirror_sync_attempts_total")).isZero();
    assertThat(s.value("trustmirror_sync_published_total")).isZero();
    // Absent, not 0 or NaN: the alert then counts from the agent's start.
    assertThat(s.names())
        .doesNotContain(
            "trustmirror_sync_last_success_timestamp_seconds",
            "trustmirror_sync_failures_total",
            "trustmirror_role_version");
  }

  @Test
  void aPublishingAttemptShowsEveryRoleAndTheSuccess() throws Exception {
    clock.advance(Duration.ofMinutes(5));
    assertThat(metrics.record(() -> PUBLISHED)).isSameAs(PUBLISHED);

    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_role_version{role=\"root\"}")).isEqualTo(3);
    assertThat(s.value("trustmirror_role_version{role=\"timestamp\"}")).isEqualTo(41);
    assertThat(s.value("trustmirror_role_version{role=\"registry.npmjs.org\"}")).isEqualTo(8);
    assertThat(s.value("trustmirror_role_expires_timestamp_seconds{role=\"timestamp\"}"))
        .isEqualTo(TIMESTAMP_EXPIRES.getEpochSecond());
    assertThat(s.value("trustmirror_role_expires_in_seconds{role=\"timestamp\"}"))
        .isEqualTo(Duration.ofDays(7).minusMinutes(5).toSeconds());
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_published_total")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.plus(Duration.ofMinutes(5)).getEpochSecond());
  }

  @Test
  void secondsLeftAreComputedAtScrapeTimeAndGoNegativeOnceExpired() throws Exception {
    metrics.record(() -> UNCHANGED);
    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(scrape().value("trustmirror_role_expires_in_seconds{role=\"timestamp\"}"))
        .isEqualTo(1);
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThat(scrape().value("trustmirror_role_expires_in_seconds{role=\"timestamp\"}"))
        .isEqualTo(-3600);
    // the expiry itself does not move
    assertThat(scrape().value("trustmirror_role_expires_timestamp_seconds{role=\"timestamp\"}"))
        .isEqualTo(TIMESTAMP_EXPIRES.getEpochSecond());
  }

  @Test
  void anUnchangedAttemptIsASuccessButPublishesNothing() throws Exception {
    metrics.record(() -> UNCHANGED);
    clock.advance(Duration.ofHours(1));
    metrics.record(() -> UNCHANGED);
    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(2);
    assertThat(s.value("trustmirror_sync_published_total")).isZero();
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.plus(Duration.ofHours(1)).getEpochSecond());
  }

  @Test
  void aFailureIsCountedByReasonRethrownAndLeavesTheLastSuccessAndRolesAlone() throws Exception {
    metrics.record(() -> PUBLISHED);
    clock.advance(Duration.ofHours(1));
    RollbackException rollback = new RollbackException("timestamp", 41, 40);
    assertThatThrownBy(
            () ->
                metrics.record(
                    () -> {
                      throw rollback;
                    }))
        .isSameAs(rollback);
    clock.advance(Duration.ofHours(1));
    SourceUnavailableException down = new SourceUnavailableException("https://m/", "HTTP 503");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(
              () ->
                  metrics.record(
                      () -> {
                        throw down;
                      }))
          .isSameAs(down);
    }

    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_sync_attempts_total")).isEqualTo(4);
    assertThat(s.value("trustmirror_sync_failures_total{reason=\"Rollback\"}")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_failures_total{reason=\"SourceUnavailable\"}"))
        .isEqualTo(2);
    assertThat(s.value("trustmirror_sync_published_total")).isEqualTo(1);
    assertThat(s.value("trustmirror_sync_last_success_timestamp_seconds"))
        .isEqualTo(T0.getEpochSecond());
    assertThat(s.value("trustmirror_role_version{role=\"timestamp\"}")).isEqualTo(41);
  }

  @Test
  void aRoleThatDisappearsReadsNaNInsteadOfItsOldValue() throws Exception {
    metrics.record(() -> PUBLISHED);
    metrics.record(() -> new SyncOutcome(true, Path.of("g/42-bb"), ROLES.subList(0, 2), 10));
    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_role_version{role=\"registry.npmjs.org\"}")).isNaN();
    assertThat(s.value("trustmirror_role_expires_in_seconds{role=\"registry.npmjs.org\"}")).isNaN();
    assertThat(s.value("trustmirror_role_version{role=\"timestamp\"}")).isEqualTo(41);
  }

  @Test
  void restoreShowsTheRolesOfASavedTrustStateBeforeTheFirstSync() throws Exception {
    RepoBuilder repo = RepoBuilder.create(T0);
    TrustStateStore store = new TrustStateStore(tmp.resolve("state"));
    store.save(TrustState.pin(repo.metadata(RoleType.ROOT, 1)));

    assertThat(metrics.restore(store)).isTrue();

    PrometheusText s = scrape();
    assertThat(s.value("trustmirror_role_version{role=\"root\"}")).isEqualTo(1);
    assertThat(s.value("trustmirror_role_expires_timestamp_seconds{role=\"root\"}"))
        .isEqualTo(T0.plus(Duration.ofDays(365)).getEpochSecond());
    assertThat(s.value("trustmirror_sync_attempts_total")).isZero();
    assertThat(s.names()).doesNotContain("trustmirror_sync_last_success_timestamp_seconds");
  }

  @Test
  void restoreWithoutAStateShowsNothing() {
    assertThat(metrics.restore(new TrustStateStore(tmp.resolve("none")))).isFalse();
    assertThat(scrape().names()).doesNotContain("trustmirror_role_version");
  }

  @Test
  void restoreOfACorruptStateShowsNothingAndLeavesTheErrorToTheFirstSync() throws IOException {
    Path state = Files.createDirectories(tmp.resolve("state"));
    Files.writeString(state.resolve("trust.json"), "{\"truncated");
    assertThat(metrics.restore(new TrustStateStore(state))).isFalse();
    assertThat(scrape().names()).doesNotContain("trustmirror_role_version");
  }
}
