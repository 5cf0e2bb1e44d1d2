package dev.trustmirror.kube.publish;

import static dev.trustmirror.kube.publish.TrustRootCondition.EXPIRES_SOON;
import static dev.trustmirror.kube.publish.TrustRootCondition.READY;
import static dev.trustmirror.kube.publish.TrustRootCondition.SYNC_FAILED;

import dev.trustmirror.kube.publish.TrustRootCondition.Status;
import dev.trustmirror.tuf.expiry.ExpiryLevel;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import dev.trustmirror.tuf.expiry.ExpiryReport.RoleExpiry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The conditions trust-mirror wants on a {@code TrustRoot}, computed from what the resource holds.
 * Pure. Messages hold no "time left", only fixed instants, so that an unchanged repository gives
 * the same conditions at every sync and status is not written again.
 */
final class DesiredConditions {
  /** Longest condition message written; the API allows 32 KiB, a reader wants one screen. */
  static final int MAX_MESSAGE = 1024;

  private static final Pattern CAMEL_CASE = Pattern.compile("[A-Z][A-Za-z0-9]{0,127}");

  private final Duration warn;
  private final Duration critical;

  DesiredConditions(Duration warn, Duration critical) {
    this.warn = warn;
    this.critical = critical;
  }

  /** Ready and ExpiresSoon for the repository the resource holds, graded by {@code report}. */
  List<TrustRootCondition> held(ExpiryReport report, long generation) {
    return List.of(ready(report, generation), expiresSoon(report, generation));
  }

  /** Ready and ExpiresSoon when the resource's repository could not be verified at all. */
  List<TrustRootCondition> unverifiable(String why, long generation) {
    String message = truncate("The resource does not verify: " + why);
    return List.of(
        TrustRootCondition.of(READY, Status.FALSE, "Unverifiable", message, generation),
        TrustRootCondition.of(EXPIRES_SOON, Status.UNKNOWN, "Unverifiable", message, generation));
  }

  /** SyncFailed after a successful sync. */
  TrustRootCondition synced(long generation) {
    return TrustRootCondition.of(
        SYNC_FAILED,
        Status.FALSE,
        "Succeeded",
        "The last sync verified the source and published it",
        generation);
  }

  /**
   * SyncFailed after a failed sync.
   *
   * @param reason a CamelCase reason ({@code Rollback}, {@code SourceUnavailable}...); anything
   *     else is written as {@code Failed}
   */
  TrustRootCondition failed(String reason, String message, long generation) {
    return TrustRootCondition.of(
        SYNC_FAILED,
        Status.TRUE,
        reason(reason),
        truncate(message + " The resource keeps the last good repository."),
        generation);
  }

  private TrustRootCondition ready(ExpiryReport report, long generation) {
    List<RoleExpiry> expired =
        report.roles().stream().filter(r -> r.level() == ExpiryLevel.EXPIRED).toList();
    if (!expired.isEmpty()) {
      return TrustRootCondition.of(
          READY,
          Status.FALSE,
          "Expired",
          truncate(
              describe(expired)
                  + ": TUF clients refuse the published repository until a sync succeeds"),
          generation);
    }
    String until =
        report.roles().stream()
            .filter(r -> r.role().equals("timestamp"))
            .findFirst()
            .map(t -> "; timestamp v" + t.version() + " is valid until " + t.expires())
            .orElse("");
    return TrustRootCondition.of(
        READY, Status.TRUE, "Verified", "The published repository verifies" + until, generation);
  }

  private TrustRootCondition expiresSoon(ExpiryReport report, long generation) {
    List<RoleExpiry> soon =
        report.roles().stream().filter(r -> r.level() != ExpiryLevel.OK).toList();
    if (soon.isEmpty()) {
      return TrustRootCondition.of(
          EXPIRES_SOON,
          Status.FALSE,
          "OutsideWarningWindow",
          "No role expires within " + hours(warn),
          generation);
    }
    return TrustRootCondition.of(
        EXPIRES_SOON,
        Status.TRUE,
        camel(report.level()),
        truncate(
            describe(soon)
                + " (warning within "
                + hours(warn)
                + ", critical within "
                + hours(critical)
                + ")"),
        generation);
  }

  /** {@code timestamp v12 expires at T; root v5 expired at T}. */
  static String describe(List<RoleExpiry> roles) {
    return roles.stream()
        .map(
            r ->
                r.role()
                    + " v"
                    + r.version()
                    + (r.level() == ExpiryLevel.EXPIRED ? " expired at " : " expires at ")
                    + r.expires())
        .collect(Collectors.joining("; "));
  }

  /** {@code WARNING} → {@code Warning}. */
  static String camel(ExpiryLevel level) {
    String n = level.name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }

  static String reason(String reason) {
    return reason != null && CAMEL_CASE.matcher(reason).matches() ? reason : "Failed";
  }

  static String truncate(String message) {
    String oneLine = message.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static String hours(Duration d) {
    return d.toHours() + "h";
  }
}
