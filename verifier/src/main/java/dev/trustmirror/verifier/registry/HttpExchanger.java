package dev.trustmirror.verifier.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * One HTTP exchange at a time: refuses plain HTTP to hosts not listed as insecure before
 * connecting, bounds and hashes bodies ({@link BoundedBody}), enforces the read and request
 * timeouts, retries connection failures, 5xx and 429 a bounded number of times (GET and HEAD only,
 * never timeouts), and sorts TLS failures into refusals ({@link TlsFailures}). Everything else is a
 * {@link RegistryUnavailableException}.
 */
final class HttpExchanger {
  /** Bodies of error statuses are read up to this size, for their error codes. */
  private static final long ERROR_BODY_LIMIT = 64 * 1024;

  private static final String USER_AGENT = "trust-mirror-verifier";

  private final HttpClient http;
  private final RegistryClientOptions options;

  HttpExchanger(HttpClient http, RegistryClientOptions options) {
    this.http = http;
    this.options = options;
  }

  /**
   * One HTTP exchange with timeouts and bounded retries of connection failures, 5xx and 429.
   * Refuses plain HTTP to a host not listed as insecure before connecting.
   */
  RegistryResponse exchange(ExchangeRequest request)
      throws RegistryRefusalException, RegistryUnavailableException {
    requireAllowedScheme(request);
    for (int attempt = 1; ; attempt++) {
      String failure;
      Throwable cause = null;
      int status = 0;
      try {
        RegistryResponse response = once(request);
        if (!isRetryableStatus(response.status())) {
          return response;
        }
        status = response.status();
        failure = "HTTP " + status + " " + response.registryErrors();
      } catch (TransientFailure e) {
        if (!e.retryable) {
          throw unavailable(request, 0, e.getMessage(), e.getCause(), attempt);
        }
        failure = e.getMessage();
        cause = e.getCause();
      }
      if (attempt > options.retries()) {
        throw unavailable(request, status, failure.strip(), cause, attempt);
      }
      try {
        options.sleeper().sleep(options.backoffDelay(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unavailable(request, status, "interrupted between retries", e, attempt);
      }
    }
  }

  private RegistryResponse once(ExchangeRequest request)
      throws RegistryRefusalException, TransientFailure {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(options.readTimeout())
            .header("User-Agent", USER_AGENT)
            .method(request.method().name(), HttpRequest.BodyPublishers.noBody());
    request.headers().forEach(builder::header);
    AtomicLong progress = new AtomicLong();
    AtomicReference<BoundedBody> body = new AtomicReference<>();
    HttpResponse.BodyHandler<BoundedBody.Result> handler =
        info -> {
          progress.incrementAndGet();
          BoundedBody subscriber = subscriberFor(info, request, progress);
          body.set(subscriber);
          return subscriber;
        };
    HttpResponse<BoundedBody.Result> response =
        await(request, http.sendAsync(builder.build(), handler), progress, body);
    BoundedBody.Result result = response.body();
    if (result.tooLarge() && isSuccess(response.statusCode())) {
      throw new ContentTooLargeException(
          request.uri().toString(),
          "the body of the request to " + request.describe(),
          request.maxBodyBytes());
    }
    return new RegistryResponse(
        request.uri(),
        response.statusCode(),
        response.headers(),
        result.bytes(),
        isSuccess(response.statusCode()) ? result.digest() : Optional.empty());
  }

  private static BoundedBody subscriberFor(
      HttpResponse.ResponseInfo info, ExchangeRequest request, AtomicLong progress) {
    if (!isSuccess(info.statusCode())) {
      return BoundedBody.upTo(ERROR_BODY_LIMIT, Optional.empty(), progress);
    }
    OptionalLong announced;
    try {
      announced = info.headers().firstValueAsLong("content-length");
    } catch (NumberFormatException malformed) {
      announced = OptionalLong.empty();
    }
    // A HEAD response announces the length of the body it does not send.
    boolean head = request.method() == RegistryCall.Method.HEAD;
    return !head && announced.isPresent() && announced.getAsLong() > request.maxBodyBytes()
        ? BoundedBody.refusing(progress)
        : BoundedBody.upTo(request.maxBodyBytes(), request.hashWith(), progress);
  }

  /**
   * Waits for the response while something arrives at least every read timeout and the whole
   * exchange stays within the request timeout.
   */
  private HttpResponse<BoundedBody.Result> await(
      ExchangeRequest request,
      CompletableFuture<HttpResponse<BoundedBody.Result>> future,
      AtomicLong progress,
      AtomicReference<BoundedBody> body)
      throws RegistryRefusalException, TransientFailure {
    long deadline = options.ticker().read() + options.requestTimeout().toNanos();
    long seen = progress.get();
    while (true) {
      long remaining = deadline - options.ticker().read();
      long wait = Math.min(options.readTimeout().toNanos(), Math.max(remaining, 0));
      try {
        return future.get(wait, TimeUnit.NANOSECONDS);
      } catch (TimeoutException idle) {
        long now = progress.get();
        if (now == seen || deadline - options.ticker().read() <= 0) {
          cancel(future, body);
          throw new TransientFailure(
              now == seen
                  ? "nothing received for " + millis(options.readTimeout()) + " ms (read timeout)"
                  : "not done within " + millis(options.requestTimeout()) + " ms (request timeout)",
              idle,
              false);
        }
        seen = now;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw classify(request, cause);
      } catch (InterruptedException e) {
        cancel(future, body);
        Thread.currentThread().interrupt();
        throw new TransientFailure("interrupted", e, false);
      }
    }
  }

  /** Sorts a failed exchange into refusal (TLS), retryable or final transport failure. */
  private TransientFailure classify(ExchangeRequest request, Throwable cause)
      throws TransportSecurityException {
    if (cause instanceof SSLException ssl) {
      TlsFailures.refuseIfInsecure(request, ssl);
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new TransientFailure(
          "connect timeout after " + millis(options.connectTimeout()) + " ms", cause, true);
    }
    if (cause instanceof HttpTimeoutException) {
      return new TransientFailure(
          "no response within " + millis(options.readTimeout()) + " ms (read timeout)",
          cause,
          false);
    }
    if (cause instanceof IOException) {
      return new TransientFailure(String.valueOf(cause), cause, true);
    }
    return new TransientFailure(String.valueOf(cause), cause, false);
  }

  /** Plain HTTP only to hosts listed as insecure: checked before any byte is sent. */
  private void requireAllowedScheme(ExchangeRequest request) throws TransportSecurityException {
    URI uri = request.uri();
    String host = RegistryTransport.authority(uri);
    if ("http".equalsIgnoreCase(uri.getScheme()) && !options.isInsecure(host)) {
      throw new TransportSecurityException(
          TransportSecurityException.Rule.PLAIN_HTTP_NOT_ALLOWED,
          host,
          uri.toString(),
          "Tried to "
              + request.describe()
              + " at "
              + uri
              + " but plain HTTP is refused for "
              + host
              + "; list it with --insecure-registry "
              + host
              + " if it may be reached without TLS",
          null);
    }
  }

  private static void cancel(
      CompletableFuture<HttpResponse<BoundedBody.Result>> future,
      AtomicReference<BoundedBody> body) {
    future.cancel(true);
    BoundedBody subscriber = body.get();
    if (subscriber != null) {
      subscriber.abort();
    }
  }

  private static RegistryUnavailableException unavailable(
      ExchangeRequest request, int status, String failure, Throwable cause, int attempts) {
    return new RegistryUnavailableException(
        request.uri().toString(),
        status,
        "Tried to "
            + request.describe()
            + " at "
            + request.uri()
            + " but failed because "
            + failure
            + " (gave up after "
            + attempts
            + (attempts == 1 ? " attempt)" : " attempts)"),
        cause);
  }

  private static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  private static boolean isRetryableStatus(int status) {
    return status == 429 || (status >= 500 && status < 600);
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }

  /** A failed exchange, retryable or not; never leaves this class. */
  private static final class TransientFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    TransientFailure(String message, Throwable cause, boolean retryable) {
      super(message, cause);
      this.retryable = retryable;
    }
  }
}
