package dev.trustmirror.verifier.webhook;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.admission.WarningEvent;
import dev.trustmirror.verifier.admission.WebhookSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How the {@link WebhookServer} listens and what it is wired to. Build one with {@link
 * #builder(Path, Path)}.
 *
 * @param host the address of the HTTPS listener ({@code 0.0.0.0} in a pod)
 * @param port its port; 0 picks a free one ({@link WebhookServer#port()})
 * @param tls the PEM certificate (chain) and private key files, reloaded when they change
 * @param tlsReloadInterval how often the files' modification times are polled
 * @param metricsListener an extra plain-HTTP listener for {@code /metrics}, {@code /healthz} and
 *     {@code /readyz} (the chart scrapes {@code 0.0.0.0:9090}); they are on the HTTPS port too
 * @param eventLoops HTTPS listeners, one per event loop, sharing the port
 * @param workerThreads threads reviews are decided on (they block on image checks): size them for
 *     the reviews that may wait on the registry at once
 * @param workerQueue reviews that may wait for a worker; when full, the server answers 503 at once
 *     (the API server then applies the configuration's {@code failurePolicy}: Fail)
 * @param idleTimeout an idle connection is closed after this long
 * @param shutdownGrace how long {@link WebhookServer#close()} waits for reviews in flight
 * @param settings the webhook's bounds; {@link WebhookSettings#maxBodyBytes()} caps request bodies
 * @param readiness what {@code /readyz} reports
 * @param events receives each Warning Event to post (called on a worker thread; it should hand the
 *     event over and return)
 * @param meterRegistry where the metrics go (may be shared with the rest of the process)
 * @param verdictCacheSize the verdict cache's size for its gauge, when there is one
 * @param ticker the monotonic time the review durations of the metrics are measured by
 * @param wallClock the real clock the certificate files' modification times are compared with
 *     (never a pinned verification clock: a file must be seen to have settled by real time)
 */
public record WebhookServerOptions(
    String host,
    int port,
    TlsFiles tls,
    Duration tlsReloadInterval,
    Optional<Listen> metricsListener,
    int eventLoops,
    int workerThreads,
    int workerQueue,
    Duration idleTimeout,
    Duration shutdownGrace,
    WebhookSettings settings,
    Readiness readiness,
    Consumer<WarningEvent> events,
    PrometheusMeterRegistry meterRegistry,
    Optional<LongSupplier> verdictCacheSize,
    Ticker ticker,
    Clock wallClock) {

  /**
   * The certificate and key files.
   *
   * @param certificate PEM certificate chain, leaf first
   * @param privateKey PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC; unencrypted)
   */
  public record TlsFiles(Path certificate, Path privateKey) {
    public TlsFiles {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(privateKey, "privateKey");
    }
  }

  /**
   * An address to listen on.
   *
   * @param host the address
   * @param port the port; 0 picks a free one
   */
  public record Listen(String host, int port) {
    public Listen {
      Objects.requireNonNull(host, "host");
      checkPort(port);
    }
  }

  public WebhookServerOptions {
    Objects.requireNonNull(host, "host");
    checkPort(port);
    Objects.requireNonNull(tls, "tls");
    requireBetween("tlsReloadInterval", tlsReloadInterval, Duration.ofMillis(100));
    Objects.requireNonNull(metricsListener, "metricsListener");
    if (eventLoops < 1 || eventLoops > 64) {
      throw new IllegalArgumentException("eventLoops must be 1 to 64, not " + eventLoops);
    }
    if (workerThreads < 1 || workerThreads > 1024) {
      throw new IllegalArgumentException("workerThreads must be 1 to 1024, not " + workerThreads);
    }
    if (workerQueue < 0 || workerQueue > 100_000) {
      throw new IllegalArgumentException("workerQueue must be 0 to 100000, not " + workerQueue);
    }
    requireBetween("idleTimeout", idleTimeout, Duration.ofSeconds(1));
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace must not be negative");
    }
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    Objects.requireNonNull(verdictCacheSize, "verdictCacheSize");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(wallClock, "wallClock");
  }

  /**
   * A builder with the defaults, serving {@code certificate} and {@code privateKey}, whose changes
   * are judged by {@code wallClock}.
   */
  public static Builder builder(Path certificate, Path privateKey, Clock wallClock) {
    return new Builder(new TlsFiles(certificate, privateKey), wallClock);
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("A port is 0 to 65535, not " + port);
    }
  }

  private static void requireBetween(String what, Duration value, Duration least) {
    Objects.requireNonNull(value, what);
    if (value.compareTo(least) < 0) {
      throw new IllegalArgumentException(what + " must be at least " + least + ", not " + value);
    }
  }

  /** Builds {@link WebhookServerOptions}; every setter is optional. */
  public static final class Builder {
    private final TlsFiles tls;
    private String host = "127.0.0.1";
    private int port = 8443;
    private Duration tlsReloadInterval = Duration.ofSeconds(5);
    private Optional<Listen> metricsListener = Optional.empty();
    private int eventLoops = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private int workerThreads = 64;
    private int workerQueue = 0;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private WebhookSettings settings = WebhookSettings.DEFAULTS;
    private Readiness readiness = List::of;
    private Consumer<WarningEvent> events = event -> {};
    private PrometheusMeterRegistry meterRegistry;
    private Optional<LongSupplier> verdictCacheSize = Optional.empty();

    private final Clock wallClock;
    private Ticker ticker = Ticker.systemTicker();

    private Builder(TlsFiles tls, Clock wallClock) {
      this.tls = tls;
      this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /** The HTTPS address (default 127.0.0.1). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The HTTPS port (default 8443; 0: a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** How often the certificate files are polled (default 5 s). */
    public Builder tlsReloadInterval(Duration tlsReloadInterval) {
      this.tlsReloadInterval = tlsReloadInterval;
      return this;
    }

    /** A plain-HTTP listener for {@code /metrics} and the probes (default: none). */
    public Builder metricsListener(String host, int port) {
      this.metricsListener = Optional.of(new Listen(host, port));
      return this;
    }

    /** HTTPS listeners sharing the port (default: the processors, at most 8). */
    public Builder eventLoops(int eventLoops) {
      this.eventLoops = eventLoops;
      return this;
    }

    /** Threads deciding reviews (default 64). */
    public Builder workerThreads(int workerThreads) {
      this.workerThreads = workerThreads;
      return this;
    }

    /** Reviews that may wait for a worker before the server answers 503 (default 0). */
    public Builder workerQueue(int workerQueue) {
      this.workerQueue = workerQueue;
      return this;
    }

    /** Idle connections are closed after this long (default 60 s). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** How long closing waits for reviews in flight (default 10 s). */
    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    /** The webhook's bounds (default {@link WebhookSettings#DEFAULTS}). */
    public Builder settings(WebhookSettings settings) {
      this.settings = settings;
      return this;
    }

    /** What {@code /readyz} reports (default: always ready). */
    public Builder readiness(Readiness readiness) {
      this.readiness = readiness;
      return this;
    }

    /** Where Warning Events go (default: dropped). */
    public Builder events(Consumer<WarningEvent> events) {
      this.events = events;
      return this;
    }

    /** The registry the metrics are registered in (default: a new one). */
    public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
      this.meterRegistry = meterRegistry;
      return this;
    }

    /** The verdict cache's size, for the {@code trust_mirror_verdict_cache_size} gauge. */
    public Builder verdictCacheSize(LongSupplier verdictCacheSize) {
      this.verdictCacheSize = Optional.of(verdictCacheSize);
      return this;
    }

    /** The monotonic time review durations are measured by (default the system's). */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** The options. */
    public WebhookServerOptions build() {
      return new WebhookServerOptions(
          host,
          port,
          tls,
          tlsReloadInterval,
          metricsListener,
          eventLoops,
          workerThreads,
          workerQueue,
          idleTimeout,
          shutdownGrace,
          settings,
          readiness,
          events,
          meterRegistry != null
              ? meterRegistry
              : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          verdictCacheSize,
          ticker,
          wallClock);
    }
  }
}
