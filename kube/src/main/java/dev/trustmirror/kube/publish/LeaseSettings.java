package dev.trustmirror.kube.publish;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, with client-go's timings.
 *
 * @param namespace the Lease's namespace: the one the agent runs in
 * @param name the Lease's name, the same for every replica
 * @param identity this replica's identity, different for every replica (pod name plus randomness)
 * @param leaseDuration how long a lease holds without renewal; a follower takes over after it
 * @param renewDeadline how long the leader keeps trying to renew before it steps down
 * @param retryPeriod how often every replica tries to acquire or renew
 */
public record LeaseSettings(
    String namespace,
    String name,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** The Lease name when none is given. */
  public static final String DEFAULT_NAME = "trust-mirror-sync-agent";

  /** client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
  public static LeaseSettings defaults(String namespace, String identity) {
    return new LeaseSettings(
        namespace,
        DEFAULT_NAME,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException unless names are valid and lease duration &gt; renew deadline
   *     &gt; retry period &gt; 0
   */
  public LeaseSettings {
    Objects.requireNonNull(identity);
    requireMatch("Lease name", name, SUBDOMAIN, 253);
    requireMatch("namespace", namespace, LABEL, 63);
    if (identity.isBlank()) {
      throw new IllegalArgumentException("a leader-election identity must not be blank");
    }
    if (retryPeriod.isNegative()
        || retryPeriod.isZero()
        || renewDeadline.compareTo(retryPeriod) <= 0
        || leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          "Tried to configure leader election with lease "
              + leaseDuration
              + ", renew deadline "
              + renewDeadline
              + " and retry period "
              + retryPeriod
              + " but the lease must be longer than the renew deadline, which must be longer"
              + " than the retry period (e.g. 15s, 10s, 2s)");
    }
  }

  private static void requireMatch(String what, String value, Pattern p, int max) {
    if (value == null || value.length() > max || !p.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Tried to use '"
              + value
              + "' as the "
              + what
              + " but it must be lower-case letters, digits and '-'"
              + (p == SUBDOMAIN ? " or '.'" : "")
              + ", start and end with a letter or digit, and have at most "
              + max
              + " characters");
    }
  }

  /** The same settings with another Lease name. */
  public LeaseSettings withName(String name) {
    return new LeaseSettings(namespace, name, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  /** The same settings with other timings. */
  public LeaseSettings withTimings(Duration lease, Duration renew, Duration retry) {
    return new LeaseSettings(namespace, name, identity, lease, renew, retry);
  }
}
