package dev.trustmirror.verifier.webhook;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Small generated responses, never cached, never sniffed; {@code HEAD} gets only the headers. */
final class Replies {
  static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  static final CharSequence PROMETHEUS =
      HttpHeaders.createOptimized("text/plain; version=0.0.4; charset=utf-8");
  static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
  static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private Replies() {}

  /** Sends {@code body} as the whole response. */
  static Future<Void> send(HttpServerRequest req, int status, CharSequence type, byte[] body) {
    HttpServerResponse res = req.response();
    if (res.ended() || res.closed()) {
      return Future.succeededFuture();
    }
    res.setStatusCode(status);
    res.headers()
        .set(HttpHeaders.CONTENT_TYPE, type)
        .set(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .set(NOSNIFF_HEADER, NOSNIFF)
        .set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
    return req.method() == HttpMethod.HEAD ? res.end() : res.end(Buffer.buffer(body));
  }

  /** A plain-text response of one or more lines. */
  static Future<Void> text(HttpServerRequest req, int status, String text) {
    return send(req, status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** 405 naming the methods allowed; any body is left unread. */
  static void methodNotAllowed(HttpServerRequest req, String allowed) {
    req.response().headers().set(HttpHeaders.ALLOW, allowed);
    refuseUnread(req, 405, "method not allowed: only " + allowed);
  }

  /**
   * An error sent before the request body was read: on HTTP/1.x the connection is closed after it
   * (the rest of the body is never read, so the connection cannot carry another request); on HTTP/2
   * the stream is done and the client's remaining data is dropped.
   */
  static void refuseUnread(HttpServerRequest req, int status, String text) {
    boolean http1 = req.version() != HttpVersion.HTTP_2;
    if (http1) {
      req.response().headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    text(req, status, text)
        .onComplete(
            done -> {
              if (http1) {
                req.connection().close();
              }
            });
  }
}
