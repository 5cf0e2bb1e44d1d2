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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Notices when the sync agent publishes a new generation and switches the server to it. On a Vert.x
 * timer it compares a cheap fingerprint of the published directory (where {@code current} points,
 * and the identity of {@code state/trust.json}); when it changed, it verifies the generation again
 * with the TUF client on a worker thread ({@link PublishedDirectory#verify}) and swaps the served
 * generation in one atomic reference write ({@link RepositorySwitch}). A generation that fails
 * verification is never served: the previous one keeps serving, the failure is counted and logged
 * once.
 */
final class GenerationWatcher implements RepositoryFeed {
  private final Vertx vertx;
  private final Path out;
  private final RepositorySwitch target;
  private final Duration interval;
  private final Object lock = new Object();
  private Fingerprint seen;
  private Future<Boolean> running = Future.succeededFuture(false);
  private long timer = -1;

  /**
   * Identity of what is published: the target of the {@code current} link, and the trust state
   * file's modification time, size and inode (it is replaced by a rename at each sync).
   */
  record Fingerprint(Optional<Path> generation, Optional<List<Object>> state) {}

  /**
   * @param out the published directory
   * @param target where verified generations are switched in
   * @param interval how often {@code current} is checked once {@link #follow()} was called
   */
  GenerationWatcher(Vertx vertx, Path out, RepositorySwitch target, Duration interval) {
    this.vertx = vertx;
    this.out = out;
    this.target = target;
    this.interval = interval;
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
   * Checks every {@code interval} until {@link #stop()}; a tick is skipped while a check is still
   * running. The first generation was loaded before ({@link #load}, {@link #loaded}).
   */
  @Override
  public Future<Void> follow() {
    timer =
        vertx.setPeriodic(
            interval.toMillis(),
            id -> {
              synchronized (lock) {
                if (running.isComplete()) {
                  running = vertx.executeBlocking(this::checkBlocking, false);
                }
              }
            });
    return Future.succeededFuture();
  }

  @Override
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Checks now, after any check already running (which may have looked before the change the caller
   * knows about); completes with {@code true} when a new generation (or a newer trust state) was
   * loaded.
   */
  @Override
  public Future<Boolean> check() {
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
      target.failed(
          "refused to serve "
              + now.generation().map(g -> out.resolve(g).toString()).orElse(out + "/current")
              + ": "
              + e);
      return false;
    }
    target.switchTo(published.repository(), published.generation().getFileName().toString());
    synchronized (lock) {
      seen = now;
    }
    return true;
  }

  @Override
  public SourceDescription source() {
    return new SourceDescription(
        SourceDescription.DIRECTORY, out.toAbsolutePath().normalize().toString(), Optional.empty());
  }

  @Override
  public String waitingFor() {
    return "loading the repository";
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
