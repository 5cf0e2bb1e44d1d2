package dev.trustmirror.tuf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads back a published directory ({@code out/generations/*}, {@code out/current}, {@code
 * out/state/trust.json}): resolves {@code current} safely and verifies its files again with the TUF
 * client. The files are read into memory first and the very bytes that are verified are returned,
 * so what a consumer serves is what was verified.
 */
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
    RepositorySource source = new InMemorySource(generation.toString(), readAll(generation));
    return new PublishedRepository(
        generation,
        new TufUpdater(source, at, Limits.defaults())
            .update(TrustState.pin(state.pinnedRoot()))
            .repository()
            .orElseThrow());
  }

  /**
   * Every regular file under a generation by its relative path. Symbolic links are refused: a
   * generation written by the publisher has none.
   */
  static Map<String, byte[]> readAll(Path generation) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(generation)) {
      for (Path p : walk.toList()) {
        if (Files.isSymbolicLink(p)) {
          throw new IOException("Refused to read " + p + ": a generation holds no links");
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.put(generation.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }
}
