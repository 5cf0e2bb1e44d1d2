package dev.trustmirror.sync.source;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How sources connect: timeouts, retries, proxy, extra CA certificates and, for git sources, the
 * ref, the path inside the repository and the clone cache. Immutable; build one with {@link
 * #builder()}.
 *
 * @param connectTimeout longest wait for a TCP/TLS connection
 * @param readTimeout longest wait without receiving anything (response headers or body bytes)
 * @param retries how many times a transient failure (5xx, 429, timeout, connection reset) is
 *     retried; 0 means one attempt only
 * @param backoffBase delay before the first retry; it doubles before each further retry
 * @param sleeper waits between retries (replace it in tests so they never really sleep)
 * @param proxy HTTP proxy ({@code http://host:port}) that HTTP sources go through
 * @param caFile PEM file of CA certificates trusted in addition to the JDK's default ones
 * @param gitRef branch, tag or commit of a git source
 * @param gitPath directory inside the git repository that holds {@code metadata/} and {@code
 *     targets/}; empty for the repository root
 * @param gitCacheDir directory holding the bare clones of git sources
 * @param verifyKey PEM public key that must have signed a {@code bundle:} source's manifest
 */
public record SourceOptions(
    Duration connectTimeout,
    Duration readTimeout,
    int retries,
    Duration backoffBase,
    Sleeper sleeper,
    Optional<URI> proxy,
    Optional<Path> caFile,
    String gitRef,
    String gitPath,
    Path gitCacheDir,
    Optional<Path> verifyKey) {

  /** Longest delay between two retries, whatever the number of attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** Waits between retries; the real one is {@link Thread#sleep}. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock: {@link Thread#sleep(long)}. */
    static Sleeper real() {
      return duration -> Thread.sleep(duration.toMillis());
    }
  }

  public SourceOptions {
    requirePositive("connect timeout", connectTimeout);
    requirePositive("read timeout", readTimeout);
    requirePositive("backoff base", backoffBase);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
    }
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(proxy, "proxy");
    proxy.ifPresent(SourceOptions::checkProxy);
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(gitRef, "gitRef");
    if (gitRef.isBlank() || gitRef.chars().anyMatch(c -> c <= ' ') || gitRef.contains("..")) {
      throw new IllegalArgumentException("Invalid git ref '" + gitRef + "'");
    }
    gitPath = normalizeGitPath(gitPath);
    Objects.requireNonNull(gitCacheDir, "gitCacheDir");
    Objects.requireNonNull(verifyKey, "verifyKey");
  }

  /** The defaults: 10s connect, 30s read, 3 retries from 200ms, ref {@code main}. */
  public static SourceOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry): {@code backoffBase *
   * 2^(retry-1)}, at most {@link #MAX_BACKOFF}.
   */
  public Duration backoffDelay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries are numbered from 1, not " + retry);
    }
    int shift = Math.min(retry - 1, 30);
    long millis = backoffBase.toMillis() << shift;
    return millis <= 0 || millis > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
  }

  /** The proxy port, 80 when the proxy URI names none. */
  int proxyPort() {
    return proxy.map(p -> p.getPort() < 0 ? 80 : p.getPort()).orElse(-1);
  }

  private static void requirePositive(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + duration);
    }
  }

  private static void checkProxy(URI proxy) {
    if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null) {
      throw new IllegalArgumentException(
          "Invalid proxy '" + proxy + "': expected http://host:port");
    }
    if (proxy.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Invalid proxy '" + proxy + "': credentials in the proxy URL are not supported");
    }
    String path = proxy.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || proxy.getRawQuery() != null
        || proxy.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "Invalid proxy '" + proxy + "': expected http://host:port without a path");
    }
  }

  private static String normalizeGitPath(String path) {
    Objects.requireNonNull(path, "gitPath");
    String trimmed = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (trimmed.isEmpty() || trimmed.equals(".")) {
      return "";
    }
    try {
      PublishedPaths.check(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid git path '" + path + "': " + e.getMessage(), e);
    }
    return trimmed;
  }

  /** Builds {@link SourceOptions}; every setter is optional. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int retries = 3;
    private Duration backoffBase = Duration.ofMillis(200);
    private Sleeper sleeper = Sleeper.real();
    private URI proxy;
    private Path caFile;
    private String gitRef = "main";
    private String gitPath = "";
    private Path gitCacheDir = defaultGitCacheDir();
    private Path verifyKey;

    private Builder() {}

    private Builder(SourceOptions o) {
      connectTimeout = o.connectTimeout;
      readTimeout = o.readTimeout;
      retries = o.retries;
      backoffBase = o.backoffBase;
      sleeper = o.sleeper;
      proxy = o.proxy.orElse(null);
      caFile = o.caFile.orElse(null);
      gitRef = o.gitRef;
      gitPath = o.gitPath;
      gitCacheDir = o.gitCacheDir;
      verifyKey = o.verifyKey.orElse(null);
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder readTimeout(Duration value) {
      readTimeout = value;
      return this;
    }

    public Builder retries(int value) {
      retries = value;
      return this;
    }

    public Builder backoffBase(Duration value) {
      backoffBase = value;
      return this;
    }

    public Builder sleeper(Sleeper value) {
      sleeper = value;
      return this;
    }

    /** {@code --proxy http://host:port}; {@code null} for a direct connection. */
    public Builder proxy(URI value) {
      proxy = value;
      return this;
    }

    /**
     * {@code --ca-file}: PEM certificates added to the JDK's trusted CAs; {@code null} for none.
     */
    public Builder caFile(Path value) {
      caFile = value;
      return this;
    }

    public Builder gitRef(String value) {
      gitRef = value;
      return this;
    }

    public Builder gitPath(String value) {
      gitPath = value;
      return this;
    }

    public Builder gitCacheDir(Path value) {
      gitCacheDir = value;
      return this;
    }

    /**
     * {@code --verify-key}: PEM public key that must have signed a {@code bundle:} source's
     * manifest; {@code null} for none.
     */
    public Builder verifyKey(Path value) {
      verifyKey = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException when a value is out of range
     */
    public SourceOptions build() {
      return new SourceOptions(
          connectTimeout,
          readTimeout,
          retries,
          backoffBase,
          sleeper,
          Optional.ofNullable(proxy),
          Optional.ofNullable(caFile),
          gitRef,
          gitPath,
          gitCacheDir,
          Optional.ofNullable(verifyKey));
    }

    private static Path defaultGitCacheDir() {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path cache =
          xdg != null && !xdg.isBlank()
              ? Path.of(xdg)
              : Path.of(System.getProperty("user.home"), ".cache");
      return cache.resolve("trust-mirror").resolve("git");
    }
  }
}
