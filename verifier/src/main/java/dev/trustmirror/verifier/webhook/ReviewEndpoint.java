package dev.trustmirror.verifier.webhook;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.admission.AdmissionWebhook;
import dev.trustmirror.verifier.admission.ReviewOutcome;
import dev.trustmirror.verifier.admission.WarningEvent;
import dev.trustmirror.verifier.admission.WebhookReply;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@code POST /validate} and {@code POST /mutate}: the body is read on the event loop up to the
 * limit (a larger one is refused with 413 as soon as its length is known, without reading the
 * rest). A review that memory alone decides (every verdict cached, or nothing to check) is answered
 * right there, with no thread handoff; any other goes to a worker, where {@link AdmissionWebhook}
 * decides (it blocks on image checks), and the reply is written back on the request's event loop. A
 * full worker pool answers 503 at once: the API server then applies the configuration's {@code
 * failurePolicy} (Fail: closed).
 */
final class ReviewEndpoint {
  private static final System.Logger LOG = System.getLogger(WebhookServer.class.getName());

  /**
   * Bodies up to this size are first decided on the event loop from memory (a few hundred
   * microseconds at most); larger ones, and any review that needs the registry or the API server,
   * go to a worker.
   */
  static final int MAX_INLINE_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final AdmissionWebhook webhook;
  private final ExecutorService workers;
  private final int maxBodyBytes;
  private final Consumer<WarningEvent> events;
  private final WebhookMetrics metrics;
  private final Ticker ticker;

  ReviewEndpoint(
      Vertx vertx,
      AdmissionWebhook webhook,
      ExecutorService workers,
      int maxBodyBytes,
      Consumer<WarningEvent> events,
      WebhookMetrics metrics,
      Ticker ticker) {
    this.vertx = vertx;
    this.webhook = webhook;
    this.workers = workers;
    this.maxBodyBytes = maxBodyBytes;
    this.events = events;
    this.metrics = metrics;
    this.ticker = ticker;
  }

  /** Answers a review posted to {@code path} ({@code validate} or {@code mutate}). */
  void handle(HttpServerRequest req, String path) {
    long start = ticker.read();
    if (!isJson(req.getHeader(HttpHeaders.CONTENT_TYPE))) {
      Replies.refuseUnread(
          req, 415, "unsupported media type: an AdmissionReview is sent as application/json");
      metrics.review(path, "unsupported_media_type", ticker.read() - start);
      return;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    long declared = length == null ? -1 : parseLength(length);
    if (length != null && declared < 0) {
      Replies.refuseUnread(req, 400, "bad request: invalid Content-Length");
      metrics.review(path, "bad_request", ticker.read() - start);
      return;
    }
    if (declared > maxBodyBytes) {
      tooLarge(req, path, start);
      return;
    }
    // Grown as bytes arrive: a declared length alone (and no body) costs no memory.
    Buffer body = Buffer.buffer((int) Math.min(declared >= 0 ? declared : 16 * 1024, 64 * 1024));
    boolean[] done = {false};
    req.handler(
        chunk -> {
          if (done[0]) {
            return;
          }
          if (body.length() + chunk.length() > maxBodyBytes) {
            done[0] = true;
            tooLarge(req, path, start);
            return;
          }
          body.appendBuffer(chunk);
        });
    req.exceptionHandler(e -> done[0] = true); // the client went away: nothing to answer
    req.endHandler(
        v -> {
          if (!done[0]) {
            done[0] = true;
            decide(req, path, body.getBytes(), start);
          }
        });
  }

  private void tooLarge(HttpServerRequest req, String path, long start) {
    Replies.refuseUnread(
        req, 413, "payload too large: an AdmissionReview is at most " + maxBodyBytes + " bytes");
    metrics.review(path, "payload_too_large", ticker.read() - start);
  }

  private void decide(HttpServerRequest req, String path, byte[] body, long start) {
    if (body.length <= MAX_INLINE_BYTES) {
      Optional<WebhookReply> known = fromMemory(path, body);
      if (known.isPresent()) {
        answer(req, path, known.get(), start);
        known.get().event().ifPresent(this::post);
        return;
      }
    }
    Context context = vertx.getOrCreateContext();
    try {
      workers.execute(
          () -> {
            WebhookReply reply = review(path, body);
            context.runOnContext(v -> answer(req, path, reply, start));
            reply.event().ifPresent(this::post);
          });
    } catch (RejectedExecutionException e) {
      Replies.text(
          req,
          503,
          "overloaded: every worker is busy deciding reviews; the webhook's failure"
              + " policy applies");
      metrics.review(path, "overloaded", ticker.read() - start);
      LOG.log(Level.WARNING, "Answered a review with 503: every worker is busy");
    }
  }

  /** The reply when it is decided from memory (see {@link AdmissionWebhook#answerFromMemory}). */
  private Optional<WebhookReply> fromMemory(String path, byte[] body) {
    try {
      return webhook.answerFromMemory(body, path.equals("mutate"));
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty(); // the worker decides, and reports the failure
    }
  }

  /**
   * The webhook's reply; it never throws, and if it did the API server's failure policy applies.
   */
  private WebhookReply review(String path, byte[] body) {
    try {
      return path.equals("mutate") ? webhook.mutate(body) : webhook.validate(body);
    } catch (RuntimeException | StackOverflowError e) {
      String message =
          "Tried to decide the review but failed because of an unexpected " + e + "; not answered";
      LOG.log(Level.ERROR, message, e);
      return new WebhookReply(
          500,
          "text/plain; charset=utf-8",
          (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
          ReviewOutcome.FAILED,
          java.util.Optional.empty(),
          java.util.Optional.empty(),
          java.util.Optional.empty(),
          message);
    }
  }

  private void answer(HttpServerRequest req, String path, WebhookReply reply, long start) {
    Replies.send(req, reply.httpStatus(), reply.contentType(), reply.body());
    String outcome = reply.outcome().name().toLowerCase(Locale.ROOT);
    metrics.review(path, outcome, ticker.read() - start);
    // Admissions and unreadable requests at DEBUG (FINE): a flood of garbage must not flood the
    // log.
    Level level =
        switch (reply.outcome()) {
          case DENIED, WARNED, REJECTED, FAILED -> Level.INFO;
          case ALLOWED, SKIPPED, BAD_REQUEST -> Level.DEBUG;
        };
    if (LOG.isLoggable(level)) {
      LOG.log(
          level,
          "/"
              + path
              + " "
              + outcome
              + " uid="
              + reply.uid().orElse("-")
              + " in "
              + (ticker.read() - start) / 1_000_000
              + " ms: "
              + reply.summary().replace("\n", " | "));
    }
  }

  private void post(WarningEvent event) {
    try {
      events.accept(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Tried to post a Warning Event but failed: " + e);
    }
  }

  /** {@code application/json}, with any parameters ({@code charset=utf-8}), any case. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return type.equalsIgnoreCase("application/json");
  }

  /** A Content-Length value, or -1 when it is not a plain decimal number. */
  static long parseLength(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.length() > 18) {
      return v.length() > 18 && v.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(v);
  }
}
