package dev.trustmirror.mirror;

import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * An upstream TUF repository and the published directory the real sync agent makes of it: what the
 * server serves in these tests. Either a generated repository that the test evolves ({@link
 * #generated}) or Sigstore's real history point 08 ({@link #history08}).
 */
final class Upstream {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private final Optional<RepoBuilder> repo;
  private final Path source;
  private final Path out;
  private final Clock clock;
  private final byte[] pinnedRoot;
  private final int keep;

  private Upstream(
      Optional<RepoBuilder> repo, Path source, Path out, Clock clock, byte[] pinnedRoot, int keep) {
    this.repo = repo;
    this.source = source;
    this.out = out;
    this.clock = clock;
    this.pinnedRoot = pinnedRoot;
    this.keep = keep;
  }

  /** A generated repository signed at the clock's time, synced once into {@code dir/out}. */
  static Upstream generated(Path dir, Clock clock) throws Exception {
    return generated(dir, clock, 3);
  }

  /** As {@link #generated(Path, Clock)}, keeping {@code keep} generations. */
  static Upstream generated(Path dir, Clock clock, int keep) throws Exception {
    RepoBuilder repo = RepoBuilder.create(clock.instant()).rotateRoot().bumpTimestamp();
    Upstream u =
        new Upstream(
            Optional.of(repo),
            dir.resolve("upstream"),
            dir.resolve("out"),
            clock,
            repo.metadata(RoleType.ROOT, 1),
            keep);
    u.sync();
    return u;
  }

  /** Sigstore's root-signing at history point 08, synced at its {@code validAt}. */
  static Upstream history08(Path dir) throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    Upstream u =
        new Upstream(
            Optional.empty(),
            point.directory(),
            dir.resolve("out"),
            Clock.fixed(point.validAt(), ZoneOffset.UTC),
            Files.readAllBytes(point.directory().resolve("1.root.json")),
            3);
    u.sync();
    return u;
  }

  /**
   * The generated repository, to evolve before the next {@link #sync()}; new versions are signed at
   * the clock's current time.
   */
  RepoBuilder repo() {
    return repo.orElseThrow().at(clock.instant());
  }

  /** The published directory ({@code --out} of sync, {@code --repo} of serve). */
  Path out() {
    return out;
  }

  /** The generation {@code current} points to. */
  Path current() throws Exception {
    return out.resolve("current").toRealPath();
  }

  /** Writes the repository's current state upstream and syncs it with the real sync agent. */
  SyncOutcome sync() throws Exception {
    if (repo.isPresent()) {
      repo.get().writePublished(source);
    }
    try (RepositorySource src =
        RepositorySources.open(source.toString(), SourceOptions.defaults())) {
      return new SyncAgent(src, new GenerationPublisher(out, keep), clock, Limits.defaults())
          .syncOnce(Optional.of(pinnedRoot));
    }
  }
}
