package dev.trustmirror.verifier.webhook;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Routes by exact path: {@code /validate} and {@code /mutate} (POST; HTTPS listener only), {@code
 * /healthz}, {@code /readyz} and {@code /metrics} (GET, HEAD); anything else is 404, a wrong method
 * 405.
 */
final class WebhookRouter implements Handler<HttpServerRequest> {
  private final Optional<ReviewEndpoint> reviews;
  private final Readiness readiness;
  private final WebhookMetrics metrics;

  /**
   * @param reviews the review endpoint; empty on the plain-HTTP metrics listener
   */
  WebhookRouter(Optional<ReviewEndpoint> reviews, Readiness readiness, WebhookMetrics metrics) {
    this.reviews = reviews;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path();
    switch (path == null ? "" : path) {
      case "/validate" -> review(req, "validate");
      case "/mutate" -> review(req, "mutate");
      case "/healthz" -> {
        if (readable(req)) {
          Replies.text(req, 200, "ok");
        }
      }
      case "/readyz" -> {
        if (readable(req)) {
          readyz(req);
        }
      }
      case "/metrics" -> {
        if (readable(req)) {
          Replies.send(
              req, 200, Replies.PROMETHEUS, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
      }
      default -> Replies.refuseUnread(req, 404, "not found");
    }
  }

  private void review(HttpServerRequest req, String path) {
    if (reviews.isEmpty()) {
      Replies.refuseUnread(req, 404, "not found: reviews are answered on the HTTPS port");
    } else if (req.method() != HttpMethod.POST) {
      Replies.methodNotAllowed(req, "POST");
    } else {
      reviews.get().handle(req, path);
    }
  }

  private static boolean readable(HttpServerRequest req) {
    if (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) {
      return true;
    }
    Replies.methodNotAllowed(req, "GET, HEAD");
    return false;
  }

  /** 200 {@code ok}, or 503 with each reason on its own line. */
  private void readyz(HttpServerRequest req) {
    List<String> reasons;
    try {
      reasons = readiness.notReady();
    } catch (RuntimeException e) {
      reasons = List.of("Tried to tell whether the webhook is ready but failed: " + e);
    }
    if (reasons.isEmpty()) {
      Replies.text(req, 200, "ok");
    } else {
      Replies.text(req, 503, String.join("\n", reasons));
    }
  }
}
