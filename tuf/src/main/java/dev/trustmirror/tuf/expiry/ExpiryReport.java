package dev.trustmirror.tuf.expiry;

import dev.trustmirror.tuf.RoleInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Each role's time left at one instant, graded against warning and critical thresholds, and the
 * worst grade overall. Pure: the same inputs always give the same report.
 *
 * @param level the worst level of all roles
 * @param roles each role with its time left and level
 */
public record ExpiryReport(ExpiryLevel level, List<RoleExpiry> roles) {

  /** One role at the instant of the report. */
  public record RoleExpiry(
      String role, int version, Instant expires, long secondsLeft, ExpiryLevel level) {}

  /**
   * Grades roles at {@code now}: EXPIRED when the role expired, CRITICAL within {@code critical},
   * WARNING within {@code warn}, otherwise OK.
   */
  public static ExpiryReport evaluate(
      List<RoleInfo> roles, Instant now, Duration warn, Duration critical) {
    if (warn.isNegative() || critical.isNegative()) {
      throw new IllegalArgumentException("thresholds must not be negative");
    }
    ExpiryLevel worst = ExpiryLevel.OK;
    List<RoleExpiry> graded =
        roles.stream()
            .map(
                r -> {
                  long left = Duration.between(now, r.expires()).getSeconds();
                  ExpiryLevel level = grade(left, warn, critical);
                  return new RoleExpiry(r.role(), r.version(), r.expires(), left, level);
                })
            .toList();
    for (RoleExpiry r : graded) {
      worst = worst.worst(r.level());
    }
    return new ExpiryReport(worst, graded);
  }

  private static ExpiryLevel grade(long secondsLeft, Duration warn, Duration critical) {
    if (secondsLeft <= 0) {
      return ExpiryLevel.EXPIRED;
    }
    if (secondsLeft <= critical.getSeconds()) {
      return ExpiryLevel.CRITICAL;
    }
    if (secondsLeft <= warn.getSeconds()) {
      return ExpiryLevel.WARNING;
    }
    return ExpiryLevel.OK;
  }
}
