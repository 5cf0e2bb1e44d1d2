package dev.trustmirror.verifier.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import dev.trustmirror.tuf.VerifiedRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the trusted root from a file, a verified repository and a published directory: the
 * identity is the SHA-256 of the exact bytes, a rotation changes it, and broken or absent trusted
 * roots are refused with their rule.
 */
class TrustedRootLoaderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final byte[] GENERATED = SigstoreFixtures.create(3, NOW).trustedRoot().toBytes();

  @TempDir Path dir;

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable load,
      TrustedRootRefusedException.Rule rule) {
    assertThatThrownBy(load)
        .isInstanceOfSatisfying(
            TrustedRootRefusedException.class, e -> assertThat(e.rule()).isEqualTo(rule));
  }

  @Test
  void loadsAFileAndIdentifiesItByTheHashOfItsBytes() throws Exception {
    Path file = Files.write(dir.resolve("trusted_root.json"), GENERATED);

    TrustedRoot root = TrustedRootLoader.fromFile(file);

    assertThat(root.identity()).isEqualTo(sha256(GENERATED));
    assertThat(root.origin()).isEqualTo(file.toString());
    assertThat(root.bytes()).isEqualTo(GENERATED);
    assertThat(root.sigstore().getCAs()).hasSize(1);
    assertThat(root.sigstore().getTLogs()).hasSize(1);
    assertThat(root.sigstore().getCTLogs()).hasSize(1);
    assertThat(root.sigstore().getTSAs()).hasSize(1);
  }

  @Test
  void loadsTheRealTrustedRootOfEachVerifiedHistoryPointAndSeesTheRotations() throws Exception {
    TrustedRoot second = TrustedRootLoader.fromRepository(verified(2));
    TrustedRoot fourth = TrustedRootLoader.fromRepository(verified(4));
    TrustedRoot fifth = TrustedRootLoader.fromRepository(verified(5));

    assertThat(second.identity())
        .isEqualTo(sha256(verified(2).findTarget("trusted_root.json").orElseThrow()));
    assertThat(second.origin()).contains("trusted_root.json").contains("root v11");
    // 04 and 05 publish new trusted roots (05: Rekor v2): each has its own identity
    assertThat(java.util.List.of(second.identity(), fourth.identity(), fifth.identity()))
        .doesNotHaveDuplicates();
    assertThat(fifth.sigstore().getTLogs()).hasSizeGreaterThan(second.sigstore().getTLogs().size());
  }

  @Test
  void refusesARepositoryWithoutTrustedRoot() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).removeTarget("trusted_root.json");

    assertRefused(
        () -> TrustedRootLoader.fromRepository(update(repo).repository().orElseThrow()),
        TrustedRootRefusedException.Rule.TARGET_MISSING);
  }

  @Test
  void loadsThePublishedDirectoryAfterVerifyingItAgain() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).addOrChangeTarget("trusted_root.json", GENERATED);
    Path out = publish(repo);

    TrustedRoot root = TrustedRootLoader.fromPublishedDirectory(out);

    assertThat(root.identity()).isEqualTo(sha256(GENERATED));
  }

  @Test
  void refusesAPublishedDirectoryWhoseTrustedRootWasTamperedWith() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).addOrChangeTarget("trusted_root.json", GENERATED);
    Path out = publish(repo);
    Path target;
    try (Stream<Path> files = Files.walk(out.resolve("current/targets"))) {
      target =
          files
              .filter(p -> p.getFileName().toString().endsWith(".trusted_root.json"))
              .findFirst()
              .orElseThrow();
    }
    Files.writeString(target, " ", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> TrustedRootLoader.fromPublishedDirectory(out))
        .isInstanceOf(TufRefusalException.class);
  }

  @Test
  void refusesOversizeFilesWithoutReadingThemWhole() throws Exception {
    Path file = dir.resolve("huge.json");
    Files.write(file, new byte[TrustedRoot.MAX_BYTES + 1]);

    assertRefused(
        () -> TrustedRootLoader.fromFile(file), TrustedRootRefusedException.Rule.TOO_LARGE);
  }

  @Test
  void refusesDocumentsThatAreNotTrustedRoots() {
    assertRefused(
        () -> TrustedRoot.parse("not json".getBytes(StandardCharsets.UTF_8), "x"),
        TrustedRootRefusedException.Rule.MALFORMED);
    assertRefused(
        () ->
            TrustedRoot.parse(
                "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}"
                    .getBytes(StandardCharsets.UTF_8),
                "x"),
        TrustedRootRefusedException.Rule.EMPTY);
    String broken =
        new String(GENERATED, StandardCharsets.UTF_8)
            .replaceFirst("\"rawBytes\" : \"", "\"rawBytes\" : \"!!");
    assertRefused(
        () -> TrustedRoot.parse(broken.getBytes(StandardCharsets.UTF_8), "x"),
        TrustedRootRefusedException.Rule.MALFORMED);
  }

  @Test
  void refusalsNameTheirOrigin() {
    assertThatThrownBy(() -> TrustedRoot.parse(new byte[] {1}, "the file /x/trusted_root.json"))
        .isInstanceOfSatisfying(
            TrustedRootRefusedException.class,
            e -> assertThat(e.origin()).isEqualTo("the file /x/trusted_root.json"));
  }

  private static VerifiedRepository verified(int number) throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(number);
    Map<String, byte[]> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(point.directory())) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            point.directory().relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return new TufUpdater(
            InMemorySource.of("history " + number, files),
            Clock.fixed(point.validAt(), ZoneOffset.UTC),
            Limits.defaults())
        .update(TrustState.pin(files.get("1.root.json")))
        .repository()
        .orElseThrow();
  }

  private static UpdateResult update(RepoBuilder repo) throws Exception {
    Map<String, byte[]> files = repo.publishedFiles();
    return new TufUpdater(
            InMemorySource.of("generated", files),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Limits.defaults())
        .update(TrustState.pin(files.get("1.root.json")));
  }

  /** The layout the directory publisher writes: generations/, current, state/. */
  private Path publish(RepoBuilder repo) throws Exception {
    Path out = dir.resolve("out");
    Path generation = out.resolve("generations").resolve("1-test");
    repo.writePublished(generation);
    Files.createSymbolicLink(out.resolve("current"), Path.of("generations", "1-test"));
    new TrustStateStore(out.resolve("state")).save(update(repo).state());
    return out;
  }
}
