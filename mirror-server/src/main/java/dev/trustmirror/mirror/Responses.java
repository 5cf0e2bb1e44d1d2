package dev.trustmirror.mirror;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Small, generated responses (errors, health, metrics, the status page), with the headers every
 * such response carries: never cached, never sniffed. {@code HEAD} gets the headers and the {@code
 * Content-Length} of the body it would have had.
 */
final class Responses {
  static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
  static final CharSequence PROMETHEUS =
      HttpHeaders.createOptimized("text/plain; version=0.0.4; charset=utf-8");
  static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
  static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  static final CharSequence CSP_HEADER = HttpHeaders.createOptimized("Content-Security-Policy");
  static final CharSequence GET_HEAD = HttpHeaders.createOptimized("GET, HEAD");

  private Responses() {}

  /**
   * What was answered, for the metrics and the access log.
   *
   * @param pathClass the class of the requested path
   * @param status the status sent
   * @param bytes the body bytes sent
   */
  record Sent(PathClass pathClass, int status, long bytes) {}

  /** Sends {@code body} as the complete, uncached response. */
  static Sent send(
      HttpServerRequest req, PathClass pathClass, int status, CharSequence type, String body) {
    HttpServerResponse res = req.response();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    res.setStatusCode(status);
    res.headers()
        .set(HttpHeaders.CONTENT_TYPE, type)
        .set(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .set(NOSNIFF_HEADER, NOSNIFF)
        .set(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length));
    if (req.method() == HttpMethod.HEAD) {
      res.end();
      return new Sent(pathClass, status, 0);
    }
    res.end(Buffer.buffer(bytes));
    return new Sent(pathClass, status, bytes.length);
  }

  /** A one-line plain-text error. */
  static Sent error(HttpServerRequest req, PathClass pathClass, int status, String message) {
    return send(req, pathClass, status, TEXT, message + "\n");
  }

  /** 405 with {@code Allow: GET, HEAD}: the server only reads. */
  static Sent methodNotAllowed(HttpServerRequest req, PathClass pathClass) {
    req.response().headers().set(HttpHeaders.ALLOW, GET_HEAD);
    return error(req, pathClass, 405, "method not allowed: only GET and HEAD");
  }
}
