package dev.trustmirror.kube.trustroot;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
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

/** Verified repositories for tests, made the only way there is: by the TUF client. */
final class TestRepositories {
  /** When generated repositories are signed; they are valid for 7 days (timestamp) from then. */
  static final Instant GENERATED_AT = Instant.parse("2026-03-01T10:00:00Z");

  static final HistoryPoint POINT = SigstoreTestData.historyPoint(8);

  private TestRepositories() {}

  /**
   * Sigstore's real repository at history point 08, verified from 1.root.json at its validAt;
   * verified once and shared (a VerifiedRepository is immutable).
   */
  static VerifiedRepository history08() {
    return History08.REPOSITORY;
  }

  /** Verifies history point 08 again: a new, equal VerifiedRepository. */
  static VerifiedRepository history08Again() {
    Map<String, byte[]> files = readAll(POINT.directory());
    return verify(files, files.get("1.root.json"), POINT.validAt()).repository().orElseThrow();
  }

  private static final class History08 {
    static final VerifiedRepository REPOSITORY = history08Again();
  }

  /** The root history point 08 is verified from: {@code 1.root.json}. */
  static byte[] history08Root() {
    return readAll(POINT.directory()).get("1.root.json");
  }

  /** A freshly generated repository, verified from its root 1 at {@link #GENERATED_AT}. */
  static VerifiedRepository generated(RepoBuilder builder) {
    return verify(builder.publishedFiles(), rootOf(builder), builder.now())
        .repository()
        .orElseThrow();
  }

  static byte[] rootOf(RepoBuilder builder) {
    return builder.metadata(RoleType.ROOT, 1);
  }

  static UpdateResult verify(Map<String, byte[]> files, byte[] pinnedRoot, Instant at) {
    try {
      return new TufUpdater(
              InMemorySource.of("test", files), Clock.fixed(at, ZoneOffset.UTC), Limits.defaults())
          .update(TrustState.pin(pinnedRoot));
    } catch (Exception e) {
      throw new IllegalStateException("the test repository does not verify: " + e, e);
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
