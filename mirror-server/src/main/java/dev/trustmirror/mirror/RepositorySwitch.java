package dev.trustmirror.mirror;

import dev.trustmirror.tuf.VerifiedRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The server's one reference to the repository it serves, and the only way feeds change it: a newly
 * verified repository becomes a {@link ServedRepository} (reusing the previous one's responses for
 * unchanged files and keeping its versioned files) and is swapped in with one atomic write; a
 * failure is counted in {@code trustmirror_generation_reload_failures_total} and logged, and the
 * previous repository keeps serving. A request reads the reference once, so every response comes
 * whole from one repository.
 */
final class RepositorySwitch {
  private final AtomicReference<ServedRepository> served = new AtomicReference<>();
  private final MirrorMetrics metrics;
  private final Consumer<String> log;
  private final Clock clock;
  private final int retain;

  /**
   * @param metrics where switches and failures are counted and role gauges added
   * @param log where switches and failures are logged, one line each
   * @param clock when a repository was loaded
   * @param retain how many replaced repositories keep their versioned files served
   */
  RepositorySwitch(MirrorMetrics metrics, Consumer<String> log, Clock clock, int retain) {
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.retain = retain;
  }

  /** The repository being served; null until the first verified load (a request path getter). */
  ServedRepository get() {
    return served.get();
  }

  /** The repository being served, if any. */
  Optional<ServedRepository> current() {
    return Optional.ofNullable(served.get());
  }

  /** How many replaced repositories keep their versioned files served. */
  int retain() {
    return retain;
  }

  /** Serves the first repository, loaded before the server listened (no switch counted). */
  void first(ServedRepository repository) {
    metrics.rolesOf(repository);
    served.set(repository);
  }

  /**
   * Serves a newly verified repository.
   *
   * @param name its name in logs, headers and the status page (a generation directory's name, or
   *     {@code trustroot/NAME@RESOURCEVERSION})
   * @return whether its files differ from the ones served until now (a switch, counted and logged);
   *     a repository with the same files (a newer trust state, a resource re-applied unchanged) is
   *     swapped in silently
   */
  boolean switchTo(VerifiedRepository repository, String name) {
    Optional<ServedRepository> previous = current();
    ServedRepository next =
        ServedRepository.of(repository, name, previous, retain, clock.instant());
    boolean changed = previous.map(p -> !p.sameFilesAs(next)).orElse(true);
    // Counted and logged before the swap, so that whoever sees the new repository served also
    // sees it in the metrics and the log.
    metrics.rolesOf(next);
    if (changed) {
      if (previous.isPresent()) {
        metrics.generationSwitched();
      }
      log.accept(
          "Serving generation "
              + next.generationName()
              + " (timestamp v"
              + repository.timestampVersion()
              + ", root v"
              + repository.rootVersion()
              + ")"
              + previous.map(p -> ", was " + p.generationName()).orElse(""));
    }
    served.set(next);
    return changed;
  }

  /**
   * Counts and logs a failed reload: {@code WARNING: <what>; still serving <name>} (or {@code
   * nothing is served yet}).
   */
  void failed(String what) {
    metrics.reloadFailed();
    log.accept(
        "WARNING: "
            + what
            + "; "
            + current()
                .map(p -> "still serving " + p.generationName())
                .orElse("nothing is served"));
  }
}
