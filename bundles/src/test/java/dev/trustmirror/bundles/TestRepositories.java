package dev.trustmirror.bundles;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Verified repositories for tests, made the only way there is: by the TUF client. */
final class TestRepositories {
  private TestRepositories() {}

  /** Sigstore's real repository at history point 08, verified from 1.root.json at its validAt. */
  static VerifiedRepository history(int number) {
    HistoryPoint point = SigstoreTestData.historyPoint(number);
    Map<String, byte[]> files = readAll(point.directory());
    return verify(files, files.get("1.root.json"), Clock.fixed(point.validAt(), ZoneOffset.UTC));
  }

  static byte[] pinnedRoot(int number) {
    return readAll(SigstoreTestData.historyPoint(number).directory()).get("1.root.json");
  }

  static VerifiedRepository verify(Map<String, byte[]> files, byte[] pinnedRoot, Clock clock) {
    try {
      return new TufUpdater(InMemorySource.of("test", files), clock, Limits.defaults())
          .update(TrustState.pin(pinnedRoot))
          .repository()
          .orElseThrow();
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
