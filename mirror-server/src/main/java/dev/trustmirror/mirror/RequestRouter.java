package dev.trustmirror.mirror;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The request handler of one listening port. Order: method (only GET and HEAD, else 405), path
 * length (414), path decoding (400 for traversal and encoded tricks), then the operations endpoints
 * and the status page (exact names that no repository file can have), then the repository (404 when
 * absent). Every answered request is counted in the metrics and, when enabled, logged.
 */
final class RequestRouter implements Handler<HttpServerRequest> {
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
  private static final CharSequence ONE_SECOND = HttpHeaders.createOptimized("1");

  private final Supplier<ServedRepository> served;
  private final Optional<FileResponder> files;
  private final OpsEndpoints ops;
  private final boolean probesHere;
  private final MirrorMetrics metrics;
  private final AccessLog accessLog;

  /**
   * @param served the generation being served; null until the first one is loaded
   * @param files the repository, on the main port; empty on the admin port
   * @param ops the operations endpoints and status page
   * @param probesHere whether {@code /healthz}, {@code /readyz} and {@code /metrics} are answered
   *     on this port
   */
  RequestRouter(
      Supplier<ServedRepository> served,
      Optional<FileResponder> files,
      OpsEndpoints ops,
      boolean probesHere,
      MirrorMetrics metrics,
      AccessLog accessLog) {
    this.served = served;
    this.files = files;
    this.ops = ops;
    this.probesHere = probesHere;
    this.metrics = metrics;
    this.accessLog = accessLog;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long start = System.nanoTime();
    Responses.Sent sent;
    try {
      sent = route(req);
    } catch (RuntimeException e) {
      // Never leave a request hanging, never show a stack trace to a client.
      sent =
          req.response().ended()
              ? new Responses.Sent(PathClass.OTHER, 500, 0)
              : Responses.error(req, PathClass.OTHER, 500, "internal error");
    }
    long nanos = System.nanoTime() - start;
    metrics.request(sent.pathClass(), sent.status(), sent.bytes(), nanos);
    if (accessLog.enabled()) {
      accessLog.log(
          new AccessLog.Entry(
              req.remoteAddress() == null ? "-" : req.remoteAddress().hostAddress(),
              req.method().name(),
              req.path() == null ? "" : req.path(),
              req.version() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1",
              sent.status(),
              sent.bytes(),
              nanos,
              Optional.ofNullable(req.headers().get(HttpHeaders.USER_AGENT)).orElse("")));
    }
  }

  private Responses.Sent route(HttpServerRequest req) {
    String raw = req.path();
    HttpMethod method = req.method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return Responses.methodNotAllowed(req, PathClass.OTHER);
    }
    if (raw != null && raw.length() > RequestPath.MAX_LENGTH) {
      return Responses.error(req, PathClass.OTHER, 414, "request path too long");
    }
    Optional<String> decoded = RequestPath.decode(raw);
    if (decoded.isEmpty()) {
      return Responses.error(req, PathClass.OTHER, 400, "bad request path");
    }
    String path = decoded.get();
    if (probesHere && OpsEndpoints.PROBES.contains(path)) {
      return ops.probe(req, path);
    }
    if (served.get() == null) {
      // Listening while the first repository is verified (or, for a TrustRoot, until one
      // verifies): alive, not ready, metrics answered, nothing else to serve yet.
      req.response().headers().set(RETRY_AFTER, ONE_SECOND);
      return Responses.error(req, PathClass.of(path), 503, "not ready: " + ops.waitingFor());
    }
    if (OpsEndpoints.STATUS_PAGE.contains(path)) {
      return ops.statusPage(req);
    }
    if (files.isPresent()) {
      return files.get().respond(req, path);
    }
    return Responses.error(req, PathClass.of(path), 404, "not found");
  }
}
