package dev.trustmirror.kube.publish;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Verified repositories for the publisher's tests, made the only way there is: by the TUF client.
 */
final class Repositories {
  /** When generated repositories are signed; their timestamp lives 7 days from then. */
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private Repositories() {}

  /** The current state of a generated repository, verified from its root 1 at its own time. */
  static VerifiedRepository generated(RepoBuilder repo) {
    return verify(repo.publishedFiles(), rootOf(repo), repo.now());
  }

  /** Root 1 of a generated repository: the pin. */
  static byte[] rootOf(RepoBuilder repo) {
    return repo.metadata(RoleType.ROOT, 1);
  }

  /** Sigstore's real repository at a history point, verified from its 1.root.json at validAt. */
  static VerifiedRepository history(int point) {
    HistoryPoint p = SigstoreTestData.historyPoint(point);
    Map<String, byte[]> files = readAll(p.directory());
    return verify(files, files.get("1.root.json"), p.validAt());
  }

  /** The root every history point is verified from. */
  static byte[] historyRoot() {
    return readAll(SigstoreTestData.historyPoint(8).directory()).get("1.root.json");
  }

  /** Runs the TUF client over {@code files}; a refusal is the test's failure. */
  static VerifiedRepository verify(Map<String, byte[]> files, byte[] pin, Instant at) {
    try {
      return update(files, TrustState.pin(pin), at).repository().orElseThrow();
    } catch (TufRefusalException e) {
      throw new IllegalStateException("the test repository does not verify: " + e, e);
    }
  }

  /** One update of the TUF client from {@code state}. */
  static UpdateResult update(Map<String, byte[]> files, TrustState state, Instant at)
      throws TufRefusalException {
    try {
      return new TufUpdater(
              InMemorySource.of("test", files), Clock.fixed(at, ZoneOffset.UTC), Limits.defaults())
          .update(state);
    } catch (dev.trustmirror.tuf.SourceUnavailableException e) {
      throw new IllegalStateException("an in-memory source is always available", e);
    }
  }

  static Map<String, byte[]> readAll(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
