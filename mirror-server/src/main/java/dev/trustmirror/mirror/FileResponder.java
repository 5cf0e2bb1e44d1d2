package dev.trustmirror.mirror;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers a request for a file of the repository from the generation being served: exact-match
 * lookup in memory (no file system access, so no listing and no traversal), pre-built bodies and
 * headers, {@code If-None-Match} → 304, {@code HEAD}, and gzip when the client accepts it and it is
 * smaller. The generation is read once per request, so the whole response comes from one generation
 * even while a new one is being switched in.
 */
final class FileResponder {
  static final CharSequence GENERATION_HEADER =
      HttpHeaders.createOptimized("X-Trust-Mirror-Generation");
  private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");
  private static final CharSequence VARY_VALUE = HttpHeaders.createOptimized("Accept-Encoding");

  private final Supplier<ServedRepository> served;

  FileResponder(Supplier<ServedRepository> served) {
    this.served = served;
  }

  /** Answers {@code GET} or {@code HEAD} of {@code path} (decoded, no leading slash). */
  Responses.Sent respond(HttpServerRequest req, String path) {
    ServedRepository repo = served.get();
    Optional<ServedFile> found = repo.find(path);
    if (found.isEmpty()) {
      return Responses.error(req, PathClass.of(path), 404, "not found");
    }
    ServedFile file = found.get();
    boolean gzip =
        file.gzip().isPresent()
            && AcceptEncoding.allowsGzip(req.headers().get(HttpHeaders.ACCEPT_ENCODING));
    ServedFile.Variant v = gzip ? file.gzip().get() : file.identity();
    HttpServerResponse res = req.response();
    MultiMap h = res.headers();
    h.set(HttpHeaders.CONTENT_TYPE, file.contentType())
        .set(HttpHeaders.CACHE_CONTROL, file.cacheControl())
        .set(HttpHeaders.ETAG, v.etag())
        .set(Responses.NOSNIFF_HEADER, Responses.NOSNIFF)
        .set(GENERATION_HEADER, repo.generationName());
    if (file.gzip().isPresent()) {
      // Both representations vary by Accept-Encoding, so caches must key on it for both.
      h.set(HttpHeaders.VARY, VARY_VALUE);
    }
    if (gzip) {
      h.set(HttpHeaders.CONTENT_ENCODING, GZIP);
    }
    String ifNoneMatch = req.headers().get(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null && EntityTags.anyMatches(ifNoneMatch, v.etag().toString())) {
      // RFC 9110 15.4.5: a 304 carries the ETag, Cache-Control and Vary a 200 would have had.
      res.setStatusCode(304).end();
      return new Responses.Sent(file.pathClass(), 304, 0);
    }
    h.set(HttpHeaders.CONTENT_LENGTH, v.contentLength());
    if (req.method() == HttpMethod.HEAD) {
      res.end();
      return new Responses.Sent(file.pathClass(), 200, 0);
    }
    res.end(v.body());
    return new Responses.Sent(file.pathClass(), 200, v.length());
  }
}
