package dev.trustmirror.mirror;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP server on one event loop. The server deploys several on the same address; Vert.x shares
 * the listening socket between them and spreads connections over their event loops. Undeploying the
 * verticle closes its server.
 */
final class Listener extends VerticleBase {
  /** Request lines longer than this are answered 414 by Vert.x. */
  static final int MAX_INITIAL_LINE = 4096;

  /** Request headers larger than this are answered 431 by Vert.x. */
  static final int MAX_HEADER_SIZE = 8192;

  private final String host;
  private final int port;
  private final Optional<PemKeyCertOptions> tls;
  private final Handler<HttpServerRequest> handler;
  private final Consumer<HttpServer> listening;

  Listener(
      String host,
      int port,
      Optional<PemKeyCertOptions> tls,
      Handler<HttpServerRequest> handler,
      Consumer<HttpServer> listening) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.handler = handler;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    HttpServer server = vertx.createHttpServer(options(tls)).requestHandler(handler);
    return server.listen(port, host).onSuccess(listening::accept);
  }

  /**
   * Bounded request line and headers, idle connections closed after a minute, keep-alive, HTTP/2
   * both in clear text (h2c, by upgrade or prior knowledge) and over TLS (ALPN). No transparent
   * compression: gzip is precomputed per file.
   */
  static HttpServerOptions options(Optional<PemKeyCertOptions> tls) {
    HttpServerOptions o =
        new HttpServerOptions()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setIdleTimeout(60)
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setTcpNoDelay(true)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            .setHttp2ClearTextEnabled(true)
            .setInitialSettings(
                new Http2Settings()
                    .setMaxHeaderListSize(MAX_HEADER_SIZE)
                    .setMaxConcurrentStreams(128));
    tls.ifPresent(pem -> o.setSsl(true).setUseAlpn(true).setKeyCertOptions(pem));
    return o;
  }
}
