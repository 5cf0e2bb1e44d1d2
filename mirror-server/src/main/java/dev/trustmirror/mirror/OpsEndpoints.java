package dev.trustmirror.mirror;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /healthz}, {@code /readyz}, {@code /metrics} and the status page ({@code /}, {@code
 * /index.html}). None of these names can be a file of the published layout (its top-level files are
 * {@code timestamp.json} and {@code <digits>.<role>.json}, everything else is under {@code
 * targets/}), and the router answers them before looking at the repository.
 */
final class OpsEndpoints {
  /** Paths (decoded, no leading slash) of the operations endpoints. */
  static final Set<String> PROBES = Set.of("healthz", "readyz", "metrics");

  /** Paths of the status page. */
  static final Set<String> STATUS_PAGE = Set.of("", "index.html");

  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  private final Supplier<ServedRepository> served;
  private final RepositoryFeed feed;
  private final MirrorServerOptions options;
  private final MirrorMetrics metrics;
  private final Supplier<String> serverUrl;

  /**
   * @param served the repository being served; null until the first one is loaded
   * @param feed where it comes from, and why nothing is served yet
   * @param serverUrl the URL the server listens on, used on the status page when neither {@code
   *     --public-url} nor a valid {@code Host} header says better
   */
  OpsEndpoints(
      Supplier<ServedRepository> served,
      RepositoryFeed feed,
      MirrorServerOptions options,
      MirrorMetrics metrics,
      Supplier<String> serverUrl) {
    this.served = served;
    this.feed = feed;
    this.options = options;
    this.metrics = metrics;
    this.serverUrl = serverUrl;
  }

  /** Answers one of {@link #PROBES}. */
  Responses.Sent probe(HttpServerRequest req, String path) {
    return switch (path) {
      case "healthz" -> Responses.send(req, PathClass.OPS, 200, Responses.TEXT, "ok\n");
      case "readyz" -> {
        Readiness r = readiness(options.clock().instant());
        yield Responses.send(
            req, PathClass.OPS, r.ready() ? 200 : 503, Responses.TEXT, r.message() + "\n");
      }
      case "metrics" ->
          Responses.send(req, PathClass.OPS, 200, Responses.PROMETHEUS, metrics.scrape());
      default -> throw new IllegalArgumentException("Not an operations endpoint: " + path);
    };
  }

  /** Answers the status page; only once a repository is served. */
  Responses.Sent statusPage(HttpServerRequest req) {
    Instant now = options.clock().instant();
    ServedRepository repo = served.get();
    String html =
        StatusPage.render(
            new StatusPage.View(
                repo,
                feed.source(),
                mirrorUrl(req),
                readiness(now),
                now,
                options.warnWithin(),
                options.criticalWithin()));
    req.response().headers().set(Responses.CSP_HEADER, StatusPage.CONTENT_SECURITY_POLICY);
    return Responses.send(req, PathClass.OPS, 200, Responses.HTML, html);
  }

  /**
   * Why nothing is served yet: {@code loading the repository}, {@code TrustRoot x does not exist}.
   */
  String waitingFor() {
    return feed.waitingFor();
  }

  private Readiness readiness(Instant now) {
    ServedRepository repo = served.get();
    if (repo == null) {
      return new Readiness(false, "not ready: " + feed.waitingFor());
    }
    return Readiness.of(repo.repository().roles(), now, options.readyGrace());
  }

  /**
   * The URL clients should use, without a trailing slash: {@code --public-url}, else the scheme and
   * authority the client used (only when it looks like a host name or address), else the server's
   * own URL.
   */
  String mirrorUrl(HttpServerRequest req) {
    if (options.publicUrl().isPresent()) {
      return stripSlash(options.publicUrl().get().toString());
    }
    HostAndPort authority = req.authority();
    if (authority != null && HOST.matcher(authority.host()).matches()) {
      String scheme = req.isSSL() ? "https" : "http";
      return scheme
          + "://"
          + authority.host()
          + (authority.port() > 0 ? ":" + authority.port() : "");
    }
    return stripSlash(serverUrl.get());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
