package dev.trustmirror.verifier.webhook;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP server on one event loop. The webhook deploys several on the same address; Vert.x shares
 * the listening socket between them and spreads connections over their event loops.
 */
final class Listener extends VerticleBase {
  /** Request lines longer than this are answered 414 by Vert.x. */
  static final int MAX_INITIAL_LINE = 4096;

  /** Request headers larger than this are answered 431 by Vert.x. */
  static final int MAX_HEADER_SIZE = 8192;

  private final String host;
  private final int port;
  private final Optional<PemKeyCertOptions> tls;
  private final Duration idleTimeout;
  private final Handler<HttpServerRequest> handler;
  private final Consumer<HttpServer> listening;

  Listener(
      String host,
      int port,
      Optional<PemKeyCertOptions> tls,
      Duration idleTimeout,
      Handler<HttpServerRequest> handler,
      Consumer<HttpServer> listening) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.idleTimeout = idleTimeout;
    this.handler = handler;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    HttpServer server = vertx.createHttpServer(options()).requestHandler(handler);
    return server.listen(port, host).onSuccess(listening::accept);
  }

  /**
   * Bounded request line and headers, keep-alive, idle connections closed; over TLS HTTP/2 is
   * offered by ALPN (the API server uses it when offered). Bodies are not decompressed: a gzip bomb
   * cannot get past the body limit.
   */
  private HttpServerOptions options() {
    HttpServerOptions o =
        new HttpServerOptions()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setIdleTimeout((int) Math.max(1, idleTimeout.toSeconds()))
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setTcpNoDelay(true)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            .setInitialSettings(
                new Http2Settings()
                    .setMaxHeaderListSize(MAX_HEADER_SIZE)
                    .setMaxConcurrentStreams(256));
    tls.ifPresent(pem -> o.setSsl(true).setUseAlpn(true).setKeyCertOptions(pem));
    return o;
  }
}
