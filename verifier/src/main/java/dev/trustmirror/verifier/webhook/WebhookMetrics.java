package dev.trustmirror.verifier.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The webhook's Prometheus metrics. Meters are registered once (per path and outcome) and then only
 * incremented, so recording a review costs a map lookup and two atomic adds.
 *
 * <pre>
 * trust_mirror_webhook_reviews_total{path,outcome}   reviews answered: allowed, warned, denied,
 *                                                     rejected, failed, bad_request, skipped, and
 *                                                     the HTTP refusals payload_too_large,
 *                                                     unsupported_media_type, overloaded
 * trust_mirror_webhook_review_seconds{path}          time from the request to the reply (histogram
 *                                                     and p50/p90/p99)
 * trust_mirror_verdict_cache_size                    verdicts held by the verdict cache
 * trust_mirror_webhook_tls_reloads_total             certificate pairs installed after a change
 * trust_mirror_webhook_tls_reload_failures_total     changed pairs refused (the old one kept)
 * </pre>
 */
final class WebhookMetrics {
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> reviews = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Counter tlsReloads;
  private final Counter tlsReloadFailures;

  WebhookMetrics(PrometheusMeterRegistry registry, Optional<LongSupplier> verdictCacheSize) {
    this.registry = registry;
    tlsReloads =
        Counter.builder("trust_mirror.webhook.tls.reloads")
            .description("Certificate pairs installed after the files changed")
            .register(registry);
    tlsReloadFailures =
        Counter.builder("trust_mirror.webhook.tls.reload.failures")
            .description("Changed certificate pairs that could not be loaded; the old pair kept")
            .register(registry);
    verdictCacheSize.ifPresent(
        size ->
            Gauge.builder("trust_mirror.verdict.cache.size", () -> (double) size.getAsLong())
                .description("Verdicts held by the verdict cache")
                .register(registry));
  }

  /** Counts one answered review of {@code path} ({@code validate}, {@code mutate}). */
  void review(String path, String outcome, long nanos) {
    reviews
        .computeIfAbsent(
            path + " " + outcome,
            k ->
                Counter.builder("trust_mirror.webhook.reviews")
                    .description("AdmissionReviews answered, by path and outcome")
                    .tag("path", path)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    durations
        .computeIfAbsent(
            path,
            p ->
                Timer.builder("trust_mirror.webhook.review")
                    .description("Time from the request to the reply handed to the connection")
                    .tag("path", p)
                    .serviceLevelObjectives(BUCKETS)
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void tlsReloaded(boolean ok) {
    (ok ? tlsReloads : tlsReloadFailures).increment();
  }

  /** The Prometheus text exposition format. */
  String scrape() {
    return registry.scrape();
  }
}
