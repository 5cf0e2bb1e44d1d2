package dev.trustmirror.mirror;

import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.PublishedRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Notices when the sync agent publishes a new generation and switches the server to it. On a Vert.x
 * timer it compares a cheap fingerprint of the published directory (where {@code current} points,
 * and the identity of {@code state/trust.json}); when it changed, it verifies the generation again
 * with the TUF client on a worker thread ({@link PublishedDirectory#verify}) and swaps the served
 * generation in one atomic reference write. A generation that fails verification is never served:
 * the previous one keeps serving, the failure is counted and logged once.
 */
final class GenerationWatcher {
  private final Vertx vertx;
  private final Path out;
  private final AtomicReference<ServedRepository> served;
  private final MirrorMetrics metrics;
  private final Consumer<String> log;
  private final Clock clock;
  private final int retain;
  private final Object lock = new Object();
  private Fingerprint seen;
  private Future<Boolean> running = Future.succeededFuture(false);
  private long timer = -1;

  /**
   * Identity of what is published: the target of the {@code current} link, and the trust state
   * file's modification time, size and inode (it is replaced by a rename at each sync).
   */
  record Fingerprint(Optional<Path> generation, Optional<List<Object>> state) {}

  GenerationWatcher(
      Vertx vertx,
      Path out,
      AtomicReference<ServedRepository> served,
      MirrorMetrics metrics,
      Consumer<String> log,
      Clock clock,
      int retain) {
    this.vertx = vertx;
    this.out = out;
    this.served = served;
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.retain = retain;
  }

  /**
   * The generation a server starts with, and the fingerprint of the published directory read before
   * verifying it.
   */
  record Loaded(Fingerprint fingerprint, ServedRepository repository) {}

  /**
   * Loads and verifies the current generation, blocking; the server does not start without one.
   *
   * @throws IOException when nothing was published or it cannot be read
   * @throws dev.trustmirror.tuf.TufRefusalException when it does not verify
   */
  static Loaded load(Path out, Clock clock, int retain) throws Exception {
    Fingerprint before = fingerprint(out);
    PublishedRepository published = PublishedDirectory.verify(out);
    return new Loaded(
        before, ServedRepository.of(published, Optional.empty(), retain, clock.instant()));
  }

  /** Records what {@link #load} read, so that only later changes are checked again. */
  void loaded(Loaded initial) {
    synchronized (lock) {
      seen = initial.fingerprint();
    }
  }

  /**
   * Checks every {@code interval} milliseconds until {@link #stop()}; a tick is skipped while a
   * check is still running.
   */
  void start(long intervalMillis) {
    timer =
        vertx.setPeriodic(
            intervalMillis,
            id -> {
              synchronized (lock) {
                if (running.isComplete()) {
                  running = vertx.executeBlocking(this::checkBlocking, false);
                }
              }
            });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Checks now, after any check already running (which may have looked before the change the caller
   * knows about); completes with {@code true} when a new generation (or a newer trust state) was
   * loaded.
   */
  Future<Boolean> check() {
    synchronized (lock) {
      running = running.transform(previous -> vertx.executeBlocking(this::checkBlocking, false));
      return running;
    }
  }

  private boolean checkBlocking() throws IOException {
    Fingerprint now = fingerprint(out);
    synchronized (lock) {
      if (now.equals(seen)) {
        return false;
      }
    }
    ServedRepository previous = served.get();
    PublishedRepository published;
    try {
      published = PublishedDirectory.verify(out);
    } catch (Exception e) {
      if (!fingerprint(out).equals(now)) {
        // The sync agent moved on while we read (for example pruned what we were reading):
        // not a refusal; the next check reads the newer state.
        return false;
      }
      synchronized (lock) {
        seen = now;
      }
      metrics.reloadFailed();
      log.accept(
          "WARNING: refused to serve "
              + now.generation().map(g -> out.resolve(g).toString()).orElse(out + "/current")
              + ": "
              + e
              + "; still serving "
              + previous.generationName());
      return false;
    }
    ServedRepository next =
        ServedRepository.of(published, Optional.of(previous), retain, clock.instant());
    // Counted and logged before the swap, so that whoever sees the new generation served also
    // sees it in the metrics and the log.
    metrics.rolesOf(next);
    if (!next.generation().equals(previous.generation())) {
      metrics.generationSwitched();
      log.accept(
          "Serving generation "
              + next.generationName()
              + " (timestamp v"
              + next.repository().timestampVersion()
              + ", root v"
              + next.repository().rootVersion()
              + "), was "
              + previous.generationName());
    }
    served.set(next);
    synchronized (lock) {
      seen = now;
    }
    return true;
  }

  private static Fingerprint fingerprint(Path out) throws IOException {
    Path link = out.resolve("current");
    Optional<Path> target;
    try {
      target = Optional.of(Files.readSymbolicLink(link));
    } catch (NoSuchFileException e) {
      target = Optional.empty();
    } catch (NotLinkException e) {
      // Not what the publisher writes; verification will say so.
      target = Optional.of(link);
    }
    Optional<List<Object>> state;
    try {
      BasicFileAttributes a =
          Files.readAttributes(
              out.resolve("state").resolve("trust.json"),
              BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
      state = Optional.of(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
    } catch (NoSuchFileException e) {
      state = Optional.empty();
    }
    return new Fingerprint(target, state);
  }
}
