package dev.trustmirror.mirror;

import dev.trustmirror.tuf.RoleInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the server should receive traffic: a verified repository is loaded (always true once the
 * server started) and none of its roles has expired, or will within the grace. Pure: the answer
 * depends only on the roles, the instant and the grace.
 *
 * <p>The grace moves the unready point <em>earlier</em>: with {@code --ready-grace 1h} a replica
 * goes unready one hour before the first role (in practice {@code timestamp.json}) expires, so that
 * the orchestrator and the on-call engineer notice before any client refuses the metadata. With the
 * default of zero, it goes unready at the instant a TUF client would refuse the repository (TUF
 * 5.4.4: expired when now is not before the expiry).
 *
 * @param ready whether to answer 200
 * @param message one line saying why, for the body of {@code /readyz}
 */
record Readiness(boolean ready, String message) {

  /** Grades the roles of the served repository at {@code now}. */
  static Readiness of(List<RoleInfo> roles, Instant now, Duration grace) {
    if (roles.isEmpty()) {
      return new Readiness(false, "not ready: no verified repository is loaded");
    }
    RoleInfo first = roles.stream().min(Comparator.comparing(RoleInfo::expires)).orElseThrow();
    Instant unreadyAt = first.expires().minus(grace);
    String role = first.role() + " v" + first.version();
    if (!now.isBefore(first.expires())) {
      return new Readiness(false, "not ready: " + role + " expired at " + first.expires());
    }
    if (!now.isBefore(unreadyAt)) {
      return new Readiness(
          false,
          "not ready: "
              + role
              + " expires at "
              + first.expires()
              + ", within the readiness grace of "
              + grace);
    }
    return new Readiness(
        true,
        "ready: "
            + role
            + " expires at "
            + first.expires()
            + " (in "
            + StatusPage.countdown(Duration.between(now, first.expires()).getSeconds())
            + ")");
  }
}
