package dev.trustmirror.mirror;

import dev.trustmirror.tuf.RoleInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, one registry per server. Request meters are created once per
 * (status, path class) and then only incremented; the role gauges are computed at scrape time from
 * the generation being served and the injected clock, so that "seconds until expiry" is exact
 * whenever it is read.
 *
 * <pre>
 * trustmirror_http_requests_total{status,path_class}      requests answered by the server's handler
 * trustmirror_http_sent_bytes_total{path_class}           body bytes sent
 * trustmirror_http_request_duration_seconds{path_class}   handling time (histogram)
 * trustmirror_role_version{role}                          served version of each role
 * trustmirror_role_expires_in_seconds{role}               seconds until each role expires (negative: expired)
 * trustmirror_ready                                       1 when /readyz answers 200
 * trustmirror_last_sync_timestamp_seconds                 when the served generation was verified by the sync
 * trustmirror_generation_switches_total                   generations switched to since start
 * trustmirror_generation_reload_failures_total            new generations refused (previous one kept)
 * trustmirror_source_info{kind,source,resource_version,generation}   1: where the served repository comes from
 * trustmirror_tls_reloads_total, trustmirror_tls_reload_failures_total
 * </pre>
 */
final class MirrorMetrics {
  private static final int STATUSES = 600;
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(100_000),
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
    Duration.ofMillis(1000)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final Supplier<ServedRepository> served;
  private final Supplier<SourceDescription> source;
  private final MultiGauge sourceInfo;
  private final Duration readyGrace;
  private final AtomicReferenceArray<Counter> requests =
      new AtomicReferenceArray<>(STATUSES * PathClass.values().length);
  private final Counter[] sentBytes = new Counter[PathClass.values().length];
  private final Timer[] durations = new Timer[PathClass.values().length];
  private final Set<String> rolesWithGauges = ConcurrentHashMap.newKeySet();
  private final Counter switches;
  private final Counter reloadFailures;
  private final Counter tlsReloads;
  private final Counter tlsReloadFailures;

  /**
   * @param served the repository being served; null until the first one is loaded
   * @param source where it comes from (read at each scrape)
   */
  MirrorMetrics(
      Clock clock,
      Duration readyGrace,
      Supplier<ServedRepository> served,
      Supplier<SourceDescription> source) {
    this.clock = clock;
    this.served = served;
    this.source = source;
    this.readyGrace = readyGrace;
    for (PathClass c : PathClass.values()) {
      sentBytes[c.ordinal()] =
          Counter.builder("trustmirror.http.sent")
              .baseUnit("bytes")
              .description("Response body bytes sent")
              .tag("path_class", c.label())
              .register(registry);
      durations[c.ordinal()] =
          Timer.builder("trustmirror.http.request.duration")
              .description("Time from the request to the response handed to the connection")
              .tag("path_class", c.label())
              .serviceLevelObjectives(BUCKETS)
              .register(registry);
    }
    switches =
        Counter.builder("trustmirror.generation.switches")
            .description("Switches to a new verified generation since start")
            .register(registry);
    reloadFailures =
        Counter.builder("trustmirror.generation.reload.failures")
            .description("New generations that failed verification; the previous one kept serving")
            .register(registry);
    tlsReloads =
        Counter.builder("trustmirror.tls.reloads")
            .description("Certificate reloads")
            .register(registry);
    tlsReloadFailures =
        Counter.builder("trustmirror.tls.reload.failures")
            .description("Certificate changes that could not be loaded")
            .register(registry);
    Gauge.builder("trustmirror.ready", () -> ready() ? 1 : 0)
        .description("1 when /readyz answers 200")
        .register(registry);
    Gauge.builder(
            "trustmirror.last.sync.timestamp",
            () ->
                current()
                    .map(r -> r.repository().verifiedAt().toEpochMilli() / 1000.0)
                    .orElse(Double.NaN))
        .baseUnit("seconds")
        .description("When the served generation was verified by the sync that published it")
        .register(registry);
    sourceInfo =
        MultiGauge.builder("trustmirror.source.info")
            .description(
                "Where the served repository comes from: a published directory or a TrustRoot"
                    + " (its resourceVersion), and the name of what is served")
            .register(registry);
  }

  /** Adds JVM memory and thread metrics (slow to set up, so not on the way to readiness). */
  void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  /** Counts one answered request. */
  void request(PathClass pathClass, int status, long bodyBytes, long nanos) {
    int s = status > 0 && status < STATUSES ? status : 0;
    int i = s * PathClass.values().length + pathClass.ordinal();
    Counter c = requests.get(i);
    if (c == null) {
      // Micrometer returns the existing meter if another thread registered it first.
      c =
          Counter.builder("trustmirror.http.requests")
              .description("Requests answered, by status and path class")
              .tag("status", Integer.toString(s))
              .tag("path_class", pathClass.label())
              .register(registry);
      requests.set(i, c);
    }
    c.increment();
    if (bodyBytes > 0) {
      sentBytes[pathClass.ordinal()].increment(bodyBytes);
    }
    durations[pathClass.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Adds gauges for the roles of a newly loaded generation that had none yet. */
  void rolesOf(ServedRepository repository) {
    for (RoleInfo r : repository.repository().roles()) {
      if (rolesWithGauges.add(r.role())) {
        Gauge.builder("trustmirror.role.version", () -> version(r.role()))
            .description("Version of each role in the served generation")
            .tag("role", r.role())
            .register(registry);
        Gauge.builder("trustmirror.role.expires.in", () -> secondsLeft(r.role()))
            .baseUnit("seconds")
            .description("Seconds until each role of the served generation expires")
            .tag("role", r.role())
            .register(registry);
      }
    }
  }

  void generationSwitched() {
    switches.increment();
  }

  void reloadFailed() {
    reloadFailures.increment();
  }

  void tlsReloaded(boolean ok) {
    (ok ? tlsReloads : tlsReloadFailures).increment();
  }

  double generationSwitches() {
    return switches.count();
  }

  double reloadFailures() {
    return reloadFailures.count();
  }

  /** The Prometheus text exposition format. */
  String scrape() {
    SourceDescription s = source.get();
    Tags tags =
        Tags.of(
            "kind", s.kind(),
            "source", s.location(),
            "resource_version", s.version().orElse(""),
            "generation", current().map(ServedRepository::generationName).orElse(""));
    synchronized (sourceInfo) {
      // One row, replaced when a label changed (a new resourceVersion, a new generation).
      sourceInfo.register(List.of(MultiGauge.Row.of(tags, 1.0)), true);
    }
    return registry.scrape();
  }

  private Optional<ServedRepository> current() {
    return Optional.ofNullable(served.get());
  }

  private boolean ready() {
    return current()
        .map(r -> Readiness.of(r.repository().roles(), clock.instant(), readyGrace).ready())
        .orElse(false);
  }

  private Optional<RoleInfo> role(String name) {
    return current()
        .flatMap(
            r -> r.repository().roles().stream().filter(i -> i.role().equals(name)).findFirst());
  }

  private double version(String name) {
    return role(name).map(r -> (double) r.version()).orElse(Double.NaN);
  }

  private double secondsLeft(String name) {
    return role(name)
        .map(r -> (double) Duration.between(clock.instant(), r.expires()).getSeconds())
        .orElse(Double.NaN);
  }
}
