package dev.trustmirror.mirror;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How a {@link MirrorServer} runs. Build with {@link #builder(Path)} (a published directory) or
 * {@link #builder(Source)}; every option but the source has a default.
 *
 * @param source where the served repository comes from: a published directory, or a {@code
 *     TrustRoot} resource
 * @param host the address to listen on (default {@code 127.0.0.1})
 * @param port the port (default 8080; 0 picks a free one)
 * @param adminPort when present, {@code /healthz}, {@code /readyz} and {@code /metrics} are served
 *     on this port only, and the main port serves the repository and the status page
 * @param tls PEM certificate chain and private key for HTTPS (HTTP/2 by ALPN), reloaded when they
 *     change
 * @param readyGrace how long before the first role expires {@code /readyz} turns 503 (default 0: at
 *     expiry)
 * @param accessLog access log format (default off)
 * @param accessLogSink where access log lines go
 * @param eventLog where one-line operational events go (generation switches, refused reloads, TLS
 *     reloads)
 * @param publicUrl the URL clients use, shown on the status page; default: from the request's
 *     {@code Host}
 * @param clock the server's clock for readiness, expiry countdowns, metrics and the access log
 * @param reloadInterval how often a published directory's {@code current} is checked for a new
 *     generation (default 250 ms; a {@code TrustRoot} is watched instead)
 * @param tlsReloadInterval how often the certificate files are checked (default 1 s)
 * @param warnWithin amber on the status page (default 72 h, as {@code trust-mirror status})
 * @param criticalWithin red on the status page (default 24 h)
 * @param retainedGenerations how many replaced generations keep their versioned files served
 *     (default 3)
 * @param listeners how many event loops accept connections (default: the number of processors)
 */
public record MirrorServerOptions(
    Source source,
    String host,
    int port,
    OptionalInt adminPort,
    Optional<TlsFiles> tls,
    Duration readyGrace,
    AccessLogFormat accessLog,
    Consumer<String> accessLogSink,
    Consumer<String> eventLog,
    Optional<URI> publicUrl,
    Clock clock,
    Duration reloadInterval,
    Duration tlsReloadInterval,
    Duration warnWithin,
    Duration criticalWithin,
    int retainedGenerations,
    int listeners) {

  /** Where the served repository comes from. */
  public sealed interface Source {

    /**
     * The published directory of {@code trust-mirror sync --out} (holding {@code current}, {@code
     * generations/}, {@code state/}), polled for new generations.
     */
    static Source directory(Path directory) {
      return new Directory(directory);
    }

    /**
     * A {@code TrustRoot} resource, watched for changes.
     *
     * @param client the API client; the caller closes it after the server
     * @param name the resource's name
     * @param anchor where the first verification starts: {@link TrustAnchor#pinnedRoot} (a root
     *     file the operator pinned: recommended) or {@link TrustAnchor#resourceRoot()} (the root in
     *     the resource: proves consistency, not origin)
     * @throws IllegalArgumentException when {@code name} is not a valid resource name
     */
    static Source trustRoot(KubernetesClient client, String name, TrustAnchor anchor) {
      return new TrustRoot(client, name, anchor);
    }

    /**
     * See {@link Source#directory(Path)}.
     *
     * @param path the published directory
     */
    record Directory(Path path) implements Source {
      /** Checks the argument. */
      public Directory {
        Objects.requireNonNull(path, "path");
      }
    }

    /**
     * See {@link Source#trustRoot(KubernetesClient, String, TrustAnchor)}.
     *
     * @param client the API client
     * @param name the resource's name
     * @param anchor where the first verification starts
     */
    record TrustRoot(KubernetesClient client, String name, TrustAnchor anchor) implements Source {
      /** Checks the arguments. */
      public TrustRoot {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(anchor, "anchor");
        TrustRootResources.requireName(name);
      }
    }
  }

  /**
   * A PEM certificate chain and its private key (PKCS#8, or PKCS#1 for RSA).
   *
   * @param certificate the certificate chain, leaf first
   * @param privateKey the private key
   */
  public record TlsFiles(Path certificate, Path privateKey) {
    /** Checks that both are given. */
    public TlsFiles {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(privateKey, "privateKey");
    }
  }

  /** Checks the options. */
  public MirrorServerOptions {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(clock, "clock");
    checkPort(port, "port");
    adminPort.ifPresent(p -> checkPort(p, "admin port"));
    if (adminPort.isPresent() && adminPort.getAsInt() != 0 && adminPort.getAsInt() == port) {
      throw new IllegalArgumentException(
          "The admin port must differ from the port, both are " + port);
    }
    for (Duration d : new Duration[] {readyGrace, warnWithin, criticalWithin}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("Durations must not be negative, got " + d);
      }
    }
    if (reloadInterval.toMillis() < 1 || tlsReloadInterval.toMillis() < 1) {
      throw new IllegalArgumentException("Reload intervals must be at least 1 ms");
    }
    if (retainedGenerations < 0 || listeners < 1) {
      throw new IllegalArgumentException(
          "Tried to retain "
              + retainedGenerations
              + " generations with "
              + listeners
              + " listeners: need at least 0 and 1");
    }
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("The " + what + " must be 0 to 65535, was " + port);
    }
  }

  /** The defaults for serving the published directory {@code repository}. */
  public static Builder builder(Path repository) {
    return new Builder(Source.directory(repository));
  }

  /** The defaults for serving {@code source}. */
  public static Builder builder(Source source) {
    return new Builder(Objects.requireNonNull(source, "source"));
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(source);
    b.host = host;
    b.port = port;
    b.adminPort = adminPort;
    b.tls = tls;
    b.readyGrace = readyGrace;
    b.accessLog = accessLog;
    b.accessLogSink = accessLogSink;
    b.eventLog = eventLog;
    b.publicUrl = publicUrl;
    b.clock = clock;
    b.reloadInterval = reloadInterval;
    b.tlsReloadInterval = tlsReloadInterval;
    b.warnWithin = warnWithin;
    b.criticalWithin = criticalWithin;
    b.retainedGenerations = retainedGenerations;
    b.listeners = listeners;
    return b;
  }

  /** Builds {@link MirrorServerOptions}; see the record components for each option. */
  public static final class Builder {
    private final Source source;
    private String host = "127.0.0.1";
    private int port = 8080;
    private OptionalInt adminPort = OptionalInt.empty();
    private Optional<TlsFiles> tls = Optional.empty();
    private Duration readyGrace = Duration.ZERO;
    private AccessLogFormat accessLog = AccessLogFormat.OFF;
    private Consumer<String> accessLogSink = System.out::println;
    private Consumer<String> eventLog = System.err::println;
    private Optional<URI> publicUrl = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private Duration reloadInterval = Duration.ofMillis(250);
    private Duration tlsReloadInterval = Duration.ofSeconds(1);
    private Duration warnWithin = Duration.ofHours(72);
    private Duration criticalWithin = Duration.ofHours(24);
    private int retainedGenerations = 3;
    private int listeners = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Builder(Source source) {
      this.source = source;
    }

    /** Address to listen on; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Port; default 8080, 0 for a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Serve the probes and metrics on this port only (0 for a free one). */
    public Builder adminPort(int adminPort) {
      this.adminPort = OptionalInt.of(adminPort);
      return this;
    }

    /** Serve HTTPS with this PEM certificate chain and key, reloaded when they change. */
    public Builder tls(Path certificate, Path privateKey) {
      this.tls = Optional.of(new TlsFiles(certificate, privateKey));
      return this;
    }

    /** Go unready this long before the first role expires; default 0. */
    public Builder readyGrace(Duration readyGrace) {
      this.readyGrace = readyGrace;
      return this;
    }

    /** Log each request in {@code format} to {@code sink}; default off. */
    public Builder accessLog(AccessLogFormat format, Consumer<String> sink) {
      this.accessLog = format;
      this.accessLogSink = sink;
      return this;
    }

    /** Where operational events go; default standard error. */
    public Builder eventLog(Consumer<String> eventLog) {
      this.eventLog = eventLog;
      return this;
    }

    /** The URL clients use, for the status page; default from each request. */
    public Builder publicUrl(URI publicUrl) {
      this.publicUrl = Optional.of(publicUrl);
      return this;
    }

    /** The clock of every time check; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How often {@code current} is checked; default 250 ms. */
    public Builder reloadInterval(Duration interval) {
      this.reloadInterval = interval;
      return this;
    }

    /** How often the certificate files are checked; default 1 s. */
    public Builder tlsReloadInterval(Duration interval) {
      this.tlsReloadInterval = interval;
      return this;
    }

    /** Amber and red thresholds of the status page; default 72 h and 24 h. */
    public Builder expiryThresholds(Duration warn, Duration critical) {
      this.warnWithin = warn;
      this.criticalWithin = critical;
      return this;
    }

    /** How many replaced generations keep their versioned files served; default 3. */
    public Builder retainedGenerations(int count) {
      this.retainedGenerations = count;
      return this;
    }

    /** How many event loops accept connections; default the number of processors. */
    public Builder listeners(int count) {
      this.listeners = count;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} when one is out of range. */
    public MirrorServerOptions build() {
      return new MirrorServerOptions(
          source,
          host,
          port,
          adminPort,
          tls,
          readyGrace,
          accessLog,
          accessLogSink,
          eventLog,
          publicUrl,
          clock,
          reloadInterval,
          tlsReloadInterval,
          warnWithin,
          criticalWithin,
          retainedGenerations,
          listeners);
    }
  }
}
