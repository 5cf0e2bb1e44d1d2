package dev.trustmirror.verifier.registry;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.text.UntrustedText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a {@link RegistryClient} connects. Immutable; build one with {@link #builder()}.
 *
 * @param credentials credentials per registry (default: none, anonymous)
 * @param insecureRegistries registries ({@code host[:port]}, exactly as in image references) that
 *     speak plain HTTP; any other host is reached over HTTPS only
 * @param caFile PEM file of CA certificates trusted in addition to the JDK's default ones
 * @param connectTimeout longest wait for a TCP and TLS connection
 * @param readTimeout longest wait without receiving anything (response headers or body bytes)
 * @param requestTimeout longest time one HTTP exchange may take in total, body included
 * @param retries how many times a connection failure, HTTP 5xx or 429 is retried (GET and HEAD
 *     only; timeouts are not retried); 0 means one attempt
 * @param backoffBase delay before the first retry; it doubles before each further one
 * @param sleeper waits between retries (tests replace it so they never really sleep)
 * @param ticker the monotonic time request timeouts are measured by
 * @param maxManifestBytes longest manifest or index accepted
 * @param clock the clock bearer tokens expire by
 */
public record RegistryClientOptions(
    RegistryCredentials credentials,
    Set<String> insecureRegistries,
    Optional<Path> caFile,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int retries,
    Duration backoffBase,
    Sleeper sleeper,
    Ticker ticker,
    long maxManifestBytes,
    Clock clock) {

  /** Waits between retries; the real one is {@link Thread#sleep}. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep(long)}. */
    static Sleeper real() {
      return duration -> Thread.sleep(duration.toMillis());
    }
  }

  /** Longest delay between two retries. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  public RegistryClientOptions {
    Objects.requireNonNull(credentials, "credentials");
    TreeSet<String> insecure = new TreeSet<>();
    for (String registry : insecureRegistries) {
      insecure.add(checkRegistry(registry));
    }
    insecureRegistries = Set.copyOf(insecure);
    Objects.requireNonNull(caFile, "caFile");
    requirePositive("connect timeout", connectTimeout);
    requirePositive("read timeout", readTimeout);
    requirePositive("request timeout", requestTimeout);
    requirePositive("backoff base", backoffBase);
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retries must be 0 to 10, not " + retries);
    }
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(ticker, "ticker");
    if (maxManifestBytes < 1) {
      throw new IllegalArgumentException("maxManifestBytes must be positive");
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** The defaults: anonymous, HTTPS only, 5 s connect, 10 s read, 30 s per request, 2 retries. */
  public static RegistryClientOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code hostAndPort} ({@code host[:port]}, any case) is listed as insecure. */
  public boolean isInsecure(String hostAndPort) {
    return insecureRegistries.contains(hostAndPort.toLowerCase(Locale.ROOT));
  }

  /** The delay before retry {@code retry} (from 1): {@code backoffBase * 2^(retry-1)}, bounded. */
  Duration backoffDelay(int retry) {
    long millis = backoffBase.toMillis() << Math.min(retry - 1, 20);
    return millis <= 0 || millis > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
  }

  private static String checkRegistry(String registry) {
    Objects.requireNonNull(registry, "insecure registry");
    try {
      String parsed = ImageReference.parse(registry + "/probe").registry();
      if (!parsed.equalsIgnoreCase(registry)) {
        throw new IllegalArgumentException(
            "Invalid insecure registry '" + UntrustedText.of(registry) + "': expected host[:port]");
      }
      return parsed.toLowerCase(Locale.ROOT);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(
          "Invalid insecure registry '" + UntrustedText.of(registry) + "': expected host[:port]",
          e);
    }
  }

  private static void requirePositive(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + duration);
    }
  }

  /** Builds {@link RegistryClientOptions}; every setter is optional. */
  public static final class Builder {
    private RegistryCredentials credentials = RegistryCredentials.none();
    private Set<String> insecureRegistries = Set.of();
    private Optional<Path> caFile = Optional.empty();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int retries = 2;
    private Duration backoffBase = Duration.ofMillis(200);
    private Sleeper sleeper = Sleeper.real();
    private Ticker ticker = Ticker.systemTicker();
    private long maxManifestBytes = Manifest.DEFAULT_MAX_BYTES;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Credentials per registry. */
    public Builder credentials(RegistryCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** Registries ({@code host[:port]}) reached over plain HTTP. */
    public Builder insecureRegistries(Set<String> insecureRegistries) {
      this.insecureRegistries = Set.copyOf(insecureRegistries);
      return this;
    }

    /** A PEM file of CA certificates trusted in addition to the JDK's. */
    public Builder caFile(Path caFile) {
      this.caFile = Optional.of(caFile);
      return this;
    }

    /** Longest wait for a connection. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Longest wait without receiving anything. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /** Longest time of one HTTP exchange. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Retries of connection failures, 5xx and 429. */
    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    /** Delay before the first retry. */
    public Builder backoffBase(Duration backoffBase) {
      this.backoffBase = backoffBase;
      return this;
    }

    /** What waits between retries. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The monotonic time request timeouts are measured by (default the system's). */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** Longest manifest or index accepted. */
    public Builder maxManifestBytes(long maxManifestBytes) {
      this.maxManifestBytes = maxManifestBytes;
      return this;
    }

    /** The clock bearer tokens expire by. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The options. */
    public RegistryClientOptions build() {
      return new RegistryClientOptions(
          credentials,
          insecureRegistries,
          caFile,
          connectTimeout,
          readTimeout,
          requestTimeout,
          retries,
          backoffBase,
          sleeper,
          ticker,
          maxManifestBytes,
          clock);
    }
  }
}
