package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TrustRootPublisher} publishes.
 *
 * @param name the {@code TrustRoot}'s name
 * @param adopt whether a TrustRoot of that name that trust-mirror does not manage may be taken over
 *     (its spec replaced, the managed-by label set); without it such a resource is never written
 * @param warn a role expiring within this is "expiring soon" (condition and Event)
 * @param critical a role expiring within this is critical
 * @param reportingInstance who writes: the replica's identity, shown in Events
 * @param maxAttempts how many times a write is tried when others keep winning the optimistic
 *     concurrency race (409 Conflict)
 */
public record PublishSettings(
    String name,
    boolean adopt,
    Duration warn,
    Duration critical,
    String reportingInstance,
    int maxAttempts) {

  /** The thresholds of {@code trust-mirror status}: 72 hours. */
  public static final Duration DEFAULT_WARN = Duration.ofHours(72);

  /** The thresholds of {@code trust-mirror status}: 24 hours. */
  public static final Duration DEFAULT_CRITICAL = Duration.ofHours(24);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException for an invalid resource name, negative thresholds or fewer
   *     than one attempt
   */
  public PublishSettings {
    TrustRootResources.requireName(Objects.requireNonNull(name));
    Objects.requireNonNull(reportingInstance);
    if (warn.isNegative() || critical.isNegative()) {
      throw new IllegalArgumentException("expiry thresholds must not be negative");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a write needs at least one attempt");
    }
  }

  /** No adoption, the thresholds of {@code status}, 5 attempts per write. */
  public static PublishSettings of(String name) {
    return new PublishSettings(name, false, DEFAULT_WARN, DEFAULT_CRITICAL, "trust-mirror", 5);
  }

  /** The same settings, adopting or not. */
  public PublishSettings withAdopt(boolean adopt) {
    return new PublishSettings(name, adopt, warn, critical, reportingInstance, maxAttempts);
  }

  /** The same settings with other expiry thresholds. */
  public PublishSettings withThresholds(Duration warn, Duration critical) {
    return new PublishSettings(name, adopt, warn, critical, reportingInstance, maxAttempts);
  }

  /** The same settings with another writer identity. */
  public PublishSettings withReportingInstance(String instance) {
    return new PublishSettings(name, adopt, warn, critical, instance, maxAttempts);
  }

  /** The same settings with another number of attempts per write. */
  public PublishSettings withMaxAttempts(int attempts) {
    return new PublishSettings(name, adopt, warn, critical, reportingInstance, attempts);
  }
}
