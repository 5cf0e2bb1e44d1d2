package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.expiry.ExpiryLevel;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import dev.trustmirror.tuf.expiry.ExpiryReport.RoleExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryAnnouncementsTest {
  static final Instant EXPIRES = Instant.parse("2026-03-08T10:00:00Z");
  final ExpiryAnnouncements announcements = new ExpiryAnnouncements();

  private static ExpiryReport at(Duration beforeExpiry, int version) {
    return ExpiryReport.evaluate(
        List.of(
            new RoleInfo("timestamp", version, EXPIRES),
            new RoleInfo("root", 1, EXPIRES.plus(Duration.ofDays(300)))),
        EXPIRES.minus(beforeExpiry),
        Duration.ofHours(72),
        Duration.ofHours(24));
  }

  private List<RoleExpiry> announce(ExpiryReport r) {
    List<RoleExpiry> due = announcements.due(r);
    due.forEach(announcements::announced);
    return due;
  }

  @Test
  void oncePerRoleAndLevel() {
    assertThat(announce(at(Duration.ofDays(5), 1))).isEmpty();
    assertThat(announce(at(Duration.ofHours(48), 1)))
        .extracting(RoleExpiry::role, RoleExpiry::level)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("timestamp", ExpiryLevel.WARNING));
    assertThat(announce(at(Duration.ofHours(47), 1))).isEmpty();
    assertThat(announce(at(Duration.ofHours(2), 1)))
        .extracting(RoleExpiry::level)
        .containsExactly(ExpiryLevel.CRITICAL);
    assertThat(announce(at(Duration.ofHours(-1), 1)))
        .extracting(RoleExpiry::level)
        .containsExactly(ExpiryLevel.EXPIRED);
    assertThat(announce(at(Duration.ofHours(-2), 1))).isEmpty();
  }

  @Test
  void aNewVersionAtTheSameLevelIsAnnouncedAgain() {
    announce(at(Duration.ofHours(48), 1));
    assertThat(announce(at(Duration.ofHours(48), 2))).hasSize(1);
  }

  @Test
  void aRoleBackToOkIsForgotten() {
    announce(at(Duration.ofHours(48), 1));
    assertThat(announce(at(Duration.ofDays(5), 1))).isEmpty();
    assertThat(announce(at(Duration.ofHours(48), 1))).hasSize(1);
  }

  @Test
  void notAnnouncedUntilRemembered() {
    assertThat(announcements.due(at(Duration.ofHours(48), 1))).hasSize(1);
    assertThat(announcements.due(at(Duration.ofHours(48), 1))).hasSize(1);
  }
}
