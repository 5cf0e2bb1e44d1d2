package dev.trustmirror.sync.metrics;

import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.TufRefusalException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sync agent's Prometheus metrics, one registry per agent. The role series use the same names
 * as mirror-server's, so one set of alert rules covers both; "seconds left" is computed at scrape
 * time from the injected clock.
 *
 * <pre>
 * trustmirror_role_version{role}                      version of each trusted role
 * trustmirror_role_expires_timestamp_seconds{role}    when each role expires (Unix time)
 * trustmirror_role_expires_in_seconds{role}           seconds until it expires (negative: expired)
 * trustmirror_sync_attempts_total                     sync attempts, successful or not
 * trustmirror_sync_failures_total{reason}             failed attempts by {@link SyncFailureReason}
 * trustmirror_sync_published_total                    attempts that published a new generation
 * trustmirror_sync_last_success_timestamp_seconds     end of the last successful attempt of this
 *                                                     process ("unchanged" counts); absent before
 * trustmirror_sync_agent_start_timestamp_seconds      when this agent started (the "since" of a
 *                                                     sync that never succeeded)
 * </pre>
 *
 * Series appear when first known: a failure reason with its first failure, the roles with the first
 * success or with {@link #restore(TrustStateStore)}, the last success with the first success.
 */
public final class SyncMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final AtomicReference<Map<String, RoleInfo>> roles = new AtomicReference<>(Map.of());
  private final Set<String> rolesWithGauges = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private final Counter attempts;
  private final Counter published;

  /**
   * @param clock the agent's clock: the start time, the last success and the seconds left
   */
  public SyncMetrics(Clock clock) {
    this.clock = clock;
    attempts =
        Counter.builder("trustmirror.sync.attempts")
            .description("Sync attempts, successful or not")
            .register(registry);
    published =
        Counter.builder("trustmirror.sync.published")
            .description("Sync attempts that published a new generation")
            .register(registry);
    double started = epochSeconds(clock.instant());
    Gauge.builder("trustmirror.sync.agent.start.timestamp", () -> started)
        .baseUnit("seconds")
        .description("When this sync agent started")
        .register(registry);
  }

  /** One sync attempt, as {@link dev.trustmirror.sync.SyncAgent#syncOnce} runs it. */
  @FunctionalInterface
  public interface Attempt {
    /** Runs the attempt. */
    SyncOutcome run() throws TufRefusalException, IOException;
  }

  /**
   * Shows the roles of the trust state an agent starts with, so that the expiry series exist before
   * the first sync (which may fail, or take long). An absent or unreadable state shows nothing: the
   * first attempt then reports that failure with its reason.
   *
   * @return true when a state was read
   */
  public boolean restore(TrustStateStore store) {
    Optional<TrustState> state;
    try {
      state = store.load();
    } catch (IOException unreadable) {
      return false;
    }
    state.ifPresent(s -> showRoles(s.roles()));
    return state.isPresent();
  }

  /**
   * Runs one attempt and records its outcome: the roles and the last success when it succeeds, the
   * failure with its {@link SyncFailureReason} when it throws (then rethrows).
   */
  public SyncOutcome record(Attempt attempt) throws TufRefusalException, IOException {
    SyncOutcome outcome;
    try {
      outcome = attempt.run();
    } catch (TufRefusalException | IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    succeeded(outcome);
    return outcome;
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  private void succeeded(SyncOutcome outcome) {
    showRoles(outcome.roles());
    if (outcome.published()) {
      published.increment();
    }
    if (lastSuccess.getAndSet(clock.instant()) == null) {
      Gauge.builder(
              "trustmirror.sync.last.success.timestamp", () -> epochSeconds(lastSuccess.get()))
          .baseUnit("seconds")
          .description("End of the last successful sync attempt of this agent (unchanged too)")
          .register(registry);
    }
    attempts.increment();
  }

  private void failed(Exception e) {
    Counter.builder("trustmirror.sync.failures")
        .description("Failed sync attempts by reason")
        .tag("reason", SyncFailureReason.of(e))
        .register(registry)
        .increment();
    attempts.increment();
  }

  private void showRoles(List<RoleInfo> current) {
    Map<String, RoleInfo> byName = new LinkedHashMap<>();
    current.forEach(r -> byName.put(r.role(), r));
    roles.set(Map.copyOf(byName));
    for (String role : byName.keySet()) {
      if (rolesWithGauges.add(role)) {
        registerRole(role);
      }
    }
  }

  private void registerRole(String role) {
    Gauge.builder(
            "trustmirror.role.version",
            () -> role(role).map(r -> (double) r.version()).orElse(Double.NaN))
        .description("Version of each trusted role")
        .tag("role", role)
        .register(registry);
    Gauge.builder(
            "trustmirror.role.expires.timestamp",
            () -> role(role).map(r -> epochSeconds(r.expires())).orElse(Double.NaN))
        .baseUnit("seconds")
        .description("When each trusted role expires, as a Unix time")
        .tag("role", role)
        .register(registry);
    Gauge.builder(
            "trustmirror.role.expires.in",
            () ->
                role(role)
                    .map(r -> (double) Duration.between(clock.instant(), r.expires()).getSeconds())
                    .orElse(Double.NaN))
        .baseUnit("seconds")
        .description("Seconds until each trusted role expires (negative: expired)")
        .tag("role", role)
        .register(registry);
  }

  private Optional<RoleInfo> role(String name) {
    return Optional.ofNullable(roles.get().get(name));
  }

  private static double epochSeconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
