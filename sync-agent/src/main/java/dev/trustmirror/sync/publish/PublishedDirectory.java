package dev.trustmirror.sync.publish;

import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

/** Reads the layout written by {@link GenerationPublisher}. */
public final class PublishedDirectory {
  private PublishedDirectory() {}

  /**
   * The generation that {@code out/current} points to, resolved to a real directory inside {@code
   * out/generations}; empty when nothing was published yet.
   */
  public static Optional<Path> current(Path out) throws IOException {
    Path link = out.resolve("current");
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path real = link.toRealPath();
    Path generations = out.resolve("generations").toRealPath();
    if (!real.startsWith(generations) || !Files.isDirectory(real)) {
      throw new IOException(link + " does not point to a generation under " + generations);
    }
    return Optional.of(real);
  }

  /**
   * Reads the current generation back and verifies it again with the TUF client, from the pinned
   * root of the trust state, as of the time of the sync that published it. Consumers never trust a
   * published directory without this.
   *
   * @throws IOException when nothing was published, the state is missing or unreadable
   * @throws TufRefusalException when the published files do not verify (tampered or corrupt)
   */
  public static PublishedRepository verify(Path out) throws IOException, TufRefusalException {
    TrustState state =
        new TrustStateStore(out.resolve("state"))
            .load()
            .orElseThrow(() -> new IOException("No trust state in " + out.resolve("state")));
    Path generation =
        current(out).orElseThrow(() -> new IOException("Nothing published in " + out + " yet"));
    Clock at =
        Clock.fixed(
            state
                .lastVerified()
                .orElseThrow(() -> new IOException("The trust state in " + out + " has no sync")),
            ZoneOffset.UTC);
    try (RepositorySource source =
        RepositorySources.open(generation.toString(), SourceOptions.defaults())) {
      return new PublishedRepository(
          generation,
          new TufUpdater(source, at, Limits.defaults())
              .update(TrustState.pin(state.pinnedRoot()))
              .repository()
              .orElseThrow());
    }
  }
}
