package dev.trustmirror.sync.source;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A published layout served over HTTP(S): the Sigstore CDN, a mirror, or either through a bastion
 * proxy. Transient failures (see {@link HttpOutcome}, timeouts, connection errors) are retried with
 * exponential backoff and end in {@link SourceUnavailableException}; bodies are capped at the
 * caller's maximum length.
 */
final class HttpSource implements RepositorySource {
  /** Error bodies are read up to this size and then dropped (they are never used). */
  private static final long ERROR_BODY_LIMIT = 64 * 1024;

  private final MirrorUrl base;
  private final SourceOptions options;
  private final HttpClient client;

  private HttpSource(MirrorUrl base, SourceOptions options, HttpClient client) {
    this.base = base;
    this.options = options;
    this.client = client;
  }

  /**
   * A source for the repository at {@code base} ({@code https://tuf-repo-cdn.sigstore.dev}).
   *
   * @throws IllegalArgumentException when {@code base} is not a usable http(s) URL
   * @throws IOException when the {@code --ca-file} cannot be read
   */
  static HttpSource create(URI base, SourceOptions options) throws IOException {
    MirrorUrl normalized = MirrorUrl.parse(base);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(options.connectTimeout())
            // NORMAL never follows https -> http; whatever is served is verified by TUF anyway.
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (options.proxy().isPresent()) {
      builder.proxy(
          ProxySelector.of(
              new InetSocketAddress(options.proxy().get().getHost(), options.proxyPort())));
    }
    if (options.caFile().isPresent()) {
      builder.sslContext(ExtraCaTrust.sslContext(options.caFile().get()));
    }
    return new HttpSource(normalized, options, builder.build());
  }

  /** Stateless reads: safe from several threads. */
  @Override
  public boolean concurrentFetch() {
    return true;
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    PublishedPaths.check(path);
    URI uri = base.resolve(path);
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(uri, path, maxLength);
      } catch (TransientFailure failure) {
        if (attempt > options.retries()) {
          throw new SourceUnavailableException(
              uri.toString(),
              failure.getMessage()
                  + " (gave up after "
                  + attempt
                  + (attempt == 1 ? " attempt)" : " attempts)"),
              failure.getCause());
        }
        pause(uri, retryDelay(options, attempt, failure.retryAfter));
      }
    }
  }

  @Override
  public String describe() {
    return options
        .proxy()
        .map(proxy -> base + " (through proxy " + proxy + ")")
        .orElse(base.toString());
  }

  @Override
  public String toString() {
    return describe();
  }

  /**
   * Delay before retry {@code retry}: the exponential backoff, or the server's {@code Retry-After}
   * when that is longer, never more than {@link SourceOptions#MAX_BACKOFF}.
   */
  static Duration retryDelay(SourceOptions options, int retry, Optional<Duration> retryAfter) {
    Duration backoff = options.backoffDelay(retry);
    Duration delay = retryAfter.filter(after -> after.compareTo(backoff) > 0).orElse(backoff);
    return delay.compareTo(SourceOptions.MAX_BACKOFF) > 0 ? SourceOptions.MAX_BACKOFF : delay;
  }

  private Optional<byte[]> attempt(URI uri, String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException, TransientFailure {
    AtomicLong progress = new AtomicLong();
    AtomicReference<CappedBody> body = new AtomicReference<>();
    BodyHandler<CappedBody.Result> handler =
        info -> {
          progress.incrementAndGet();
          CappedBody subscriber = subscriberFor(info, maxLength, progress);
          body.set(subscriber);
          return subscriber;
        };
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            // Cleartext HTTP/2 would need an h2c upgrade that bastion proxies often mishandle.
            .version(base.isHttps() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .build();
    HttpResponse<CappedBody.Result> response =
        await(uri, client.sendAsync(request, handler), progress, body);
    CappedBody.Result result = response.body();
    switch (HttpOutcome.of(result.status())) {
      case FOUND:
        if (result.tooLarge()) {
          throw new FileTooLargeException(path, maxLength);
        }
        return Optional.of(result.bytes());
      case NOT_FOUND:
        return Optional.empty();
      case RETRY:
        throw new TransientFailure(
            "HTTP " + result.status(),
            null,
            retryAfter(response.headers().firstValue("retry-after")));
      default:
        throw new SourceUnavailableException(
            uri.toString(),
            "HTTP " + result.status() + ", expected 200 for a file or 404 for a missing one");
    }
  }

  private static CappedBody subscriberFor(
      HttpResponse.ResponseInfo info, long maxLength, AtomicLong progress) {
    int status = info.statusCode();
    if (status != 200) {
      return CappedBody.upTo(status, ERROR_BODY_LIMIT, progress);
    }
    OptionalLong announced;
    try {
      announced = info.headers().firstValueAsLong("content-length");
    } catch (NumberFormatException malformed) {
      announced = OptionalLong.empty();
    }
    // TUF 5.2 endless data: refuse before reading when the server announces too much.
    return announced.isPresent() && announced.getAsLong() > maxLength
        ? CappedBody.refusing(status, progress)
        : CappedBody.upTo(status, maxLength, progress);
  }

  /**
   * Waits for the response while something arrives at least every read timeout: a large file on a
   * slow but live link completes, a stalled server does not hold the update forever.
   */
  private HttpResponse<CappedBody.Result> await(
      URI uri,
      CompletableFuture<HttpResponse<CappedBody.Result>> future,
      AtomicLong progress,
      AtomicReference<CappedBody> body)
      throws SourceUnavailableException, TransientFailure {
    long seen = progress.get();
    while (true) {
      try {
        return future.get(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException idle) {
        long now = progress.get();
        if (now == seen) {
          future.cancel(true);
          CappedBody subscriber = body.get();
          if (subscriber != null) {
            subscriber.abort();
          }
          throw new TransientFailure(
              "nothing received for " + options.readTimeout().toMillis() + " ms (read timeout)",
              idle,
              Optional.empty());
        }
        seen = now;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof IOException) {
          throw new TransientFailure(cause.toString(), cause, Optional.empty());
        }
        throw new SourceUnavailableException(uri.toString(), cause.toString(), cause);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new SourceUnavailableException(uri.toString(), "interrupted", e);
      }
    }
  }

  private void pause(URI uri, Duration delay) throws SourceUnavailableException {
    try {
      options.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException(uri.toString(), "interrupted between retries", e);
    }
  }

  private static Optional<Duration> retryAfter(Optional<String> header) {
    // Only the delay-seconds form; an HTTP date falls back to the backoff.
    return header
        .map(String::strip)
        .filter(value -> value.matches("\\d{1,9}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)));
  }

  /** A failure worth retrying; never leaves this class. */
  private static final class TransientFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Duration> retryAfter;

    TransientFailure(String message, Throwable cause, Optional<Duration> retryAfter) {
      super(message, cause);
      this.retryAfter = retryAfter;
    }
  }
}
