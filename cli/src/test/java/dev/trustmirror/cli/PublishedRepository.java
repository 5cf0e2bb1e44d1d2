package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A repository that {@code trust-mirror sync} verified and published into {@code out} (the
 * directory {@code serve --repo} takes), for the tests that serve it to clients.
 *
 * @param out the {@code --out} directory ({@code current} points at the newest generation)
 * @param upstream the directory it was synced from
 * @param pinnedRoot {@code 1.root.json} of the repository, the root sync started from
 * @param time the instant sync checked expiry at
 */
record PublishedRepository(Path out, Path upstream, Path pinnedRoot, Instant time) {

  /** Syncs a point of Sigstore's real history, pinned at its {@code 1.root.json}. */
  static PublishedRepository ofHistory(HistoryPoint point, Path out) {
    PublishedRepository published =
        new PublishedRepository(
            out, point.directory(), point.directory().resolve("1.root.json"), point.validAt());
    published.sync();
    return published;
  }

  /**
   * Writes {@code repo} into {@code work/upstream}, pins its {@code 1.root.json} and syncs it into
   * {@code work/out} at {@code time}.
   */
  static PublishedRepository ofGenerated(RepoBuilder repo, Path work, Instant time)
      throws IOException {
    Path upstream = work.resolve("upstream");
    repo.writePublished(upstream);
    Path pin = work.resolve("1.root.json");
    Files.write(pin, repo.metadata(RoleType.ROOT, 1));
    PublishedRepository published =
        new PublishedRepository(work.resolve("out"), upstream, pin, time);
    published.sync();
    return published;
  }

  /**
   * Publishes the new state of {@code repo} (same keys, evolved) as a new generation of the same
   * {@code out}, synced at {@code time}.
   */
  PublishedRepository republish(RepoBuilder repo, Instant time) throws IOException {
    repo.writePublished(upstream);
    PublishedRepository next = new PublishedRepository(out, upstream, pinnedRoot, time);
    next.sync();
    return next;
  }

  /** The generation {@code current} points at. */
  Path current() throws IOException {
    return out.resolve("current").toRealPath();
  }

  /** The published bytes of target {@code name} ({@code targets/<sha256>.<name>}). */
  byte[] target(String name) throws IOException {
    try (Stream<Path> files = Files.list(current().resolve("targets"))) {
      Path file =
          files
              .filter(p -> p.getFileName().toString().endsWith("." + name))
              .findFirst()
              .orElseThrow(() -> new IOException("no published target " + name + " in " + out));
      return Files.readAllBytes(file);
    }
  }

  private void sync() {
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            upstream.toString(),
            "--root",
            pinnedRoot.toString(),
            "--out",
            out.toString(),
            "--time",
            time.toString());
    assertThat(sync.exitCode()).as("sync %s: %s", upstream, sync.err()).isZero();
  }
}
