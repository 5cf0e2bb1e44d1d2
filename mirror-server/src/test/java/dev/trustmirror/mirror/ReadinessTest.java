package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.tuf.RoleInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  static final Instant T = Instant.parse("2026-11-08T00:00:00Z");
  static final List<RoleInfo> ROLES =
      List.of(
          new RoleInfo("root", 2, T.plus(Duration.ofDays(300))),
          new RoleInfo("timestamp", 7, T),
          new RoleInfo("snapshot", 3, T.plus(Duration.ofDays(20))));

  @Test
  void readyUntilTheFirstRoleExpires() {
    Readiness r = Readiness.of(ROLES, T.minusSeconds(1), Duration.ZERO);
    assertThat(r.ready()).isTrue();
    assertThat(r.message()).isEqualTo("ready: timestamp v7 expires at " + T + " (in 00h 00m 01s)");
  }

  @Test
  void unreadyAtTheInstantOfExpiryAsATufClientWouldRefuse() {
    Readiness r = Readiness.of(ROLES, T, Duration.ZERO);
    assertThat(r.ready()).isFalse();
    assertThat(r.message()).isEqualTo("not ready: timestamp v7 expired at " + T);
  }

  @Test
  void theGraceMovesTheUnreadyPointEarlier() {
    Duration grace = Duration.ofHours(2);
    assertThat(Readiness.of(ROLES, T.minus(grace).minusSeconds(1), grace).ready()).isTrue();
    Readiness r = Readiness.of(ROLES, T.minus(grace), grace);
    assertThat(r.ready()).isFalse();
    assertThat(r.message()).contains("within the readiness grace of PT2H");
  }

  @Test
  void anyRoleCounts() {
    List<RoleInfo> snapshotFirst =
        List.of(new RoleInfo("timestamp", 1, T.plusSeconds(60)), new RoleInfo("snapshot", 1, T));
    assertThat(Readiness.of(snapshotFirst, T, Duration.ZERO).message()).contains("snapshot v1");
  }

  @Test
  void noRolesIsNotReady() {
    assertThat(Readiness.of(List.of(), T, Duration.ZERO).ready()).isFalse();
  }
}
