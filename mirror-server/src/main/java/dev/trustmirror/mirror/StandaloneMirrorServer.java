package dev.trustmirror.mirror;

import dev.trustmirror.tuf.TufRefusalException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MirrorServer} with a Vert.x of its own and a blocking life cycle, for a process that
 * does nothing but serve ({@code trust-mirror serve}, {@code trust-mirror demo}). Callers need no
 * Vert.x types.
 */
public final class StandaloneMirrorServer implements AutoCloseable {
  private static final long LIMIT_SECONDS = 60;

  private final Vertx vertx;
  private final MirrorServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StandaloneMirrorServer(Vertx vertx, MirrorServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Starts serving {@code options.source()}; returns once listening. A published directory is
   * verified first; a {@code TrustRoot} is read, verified and watched, and a resource that is
   * missing or refused leaves the server listening but unready (see {@link
   * MirrorServer#start(Vertx, MirrorServerOptions)}).
   *
   * @throws IOException when nothing was published, it cannot be read, the API server cannot be
   *     read, or a port cannot be bound
   * @throws TufRefusalException when the published directory does not verify
   */
  public static StandaloneMirrorServer start(MirrorServerOptions options)
      throws IOException, TufRefusalException, InterruptedException {
    if (!(options.source() instanceof MirrorServerOptions.Source.Directory directory)) {
      Vertx vertx = newVertx();
      try {
        return new StandaloneMirrorServer(vertx, await(MirrorServer.start(vertx, options)));
      } catch (IOException | TufRefusalException | InterruptedException | RuntimeException e) {
        closeQuietly(vertx);
        throw e;
      }
    }
    // Verify (the slow part of starting) while Vert.x starts.
    CompletableFuture<GenerationWatcher.Loaded> initial = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                initial.complete(
                    GenerationWatcher.load(
                        directory.path(), options.clock(), options.retainedGenerations()));
              } catch (Throwable e) {
                initial.completeExceptionally(e);
              }
            },
            "trust-mirror initial load");
    loader.setDaemon(true);
    loader.start();
    Vertx vertx = newVertx();
    try {
      return new StandaloneMirrorServer(
          vertx, await(MirrorServer.start(vertx, options, Future.fromCompletionStage(initial))));
    } catch (IOException | TufRefusalException | InterruptedException | RuntimeException e) {
      closeQuietly(vertx);
      throw e;
    }
  }

  /**
   * A Vert.x instance for a process that only listens: the server never resolves a host name (the
   * JDK resolver does for a --host name), so Netty's DNS resolver is not set up (about 60 classes
   * on the start-up path), and nothing is served from the class path, so no file cache directory is
   * created (the root file system may be read-only in a pod).
   */
  private static Vertx newVertx() {
    if (System.getProperty("vertx.disableDnsResolver") == null) {
      System.setProperty("vertx.disableDnsResolver", "true");
    }
    return Vertx.vertx(
        new VertxOptions()
            .setFileSystemOptions(
                new FileSystemOptions()
                    .setClassPathResolvingEnabled(false)
                    .setFileCachingEnabled(false)));
  }

  /** See {@link MirrorServer#url()}. */
  public URI url() {
    return server.url();
  }

  /** See {@link MirrorServer#adminUrl()}. */
  public Optional<URI> adminUrl() {
    return server.adminUrl();
  }

  /** See {@link MirrorServer#generation()}. */
  public String generation() {
    return server.generation();
  }

  /** See {@link MirrorServer#findGeneration()}. */
  public Optional<String> findGeneration() {
    return server.findGeneration();
  }

  /** See {@link MirrorServer#sourceStatus()}. */
  public String sourceStatus() {
    return server.sourceStatus();
  }

  /** See {@link MirrorServer#clientSettings(URI)}. */
  public List<String> clientSettings(URI mirrorUrl) {
    return server.clientSettings(mirrorUrl);
  }

  /** Stops serving and releases every thread; blocking, and safe to call more than once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        await(server.close());
      } catch (Exception e) {
        // Closing anyway: the Vert.x close below closes every server it still has.
      }
      closeQuietly(vertx);
    }
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Nothing more can be done about threads that do not stop.
    }
  }

  private static <T> T await(Future<T> future)
      throws IOException, TufRefusalException, InterruptedException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "Tried to start the mirror server but it did not start within " + LIMIT_SECONDS + "s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof TufRefusalException refusal) {
        throw refusal;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException("Tried to start the mirror server but failed: " + cause, cause);
    }
  }
}
