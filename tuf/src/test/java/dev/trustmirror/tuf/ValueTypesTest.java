package dev.trustmirror.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canonical JSON, target paths, path patterns and the trust state file. */
class ValueTypesTest {
  @TempDir Path tmp;

  @Test
  void canonicalJsonSortsKeysAndKeepsNewlinesRaw() throws Exception {
    var node =
        new ObjectMapper().readTree("{\"b\": 1, \"a\": \"x\\ny\\\"z\\\\\", \"c\": [true, null]}");
    assertThat(new String(CanonicalJson.encode(node), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"x\ny\\\"z\\\\\",\"b\":1,\"c\":[true,null]}");
  }

  @Test
  void targetPathKnowsItsPublishedNames() throws Exception {
    TargetPath p = TargetPath.parse("registry.npmjs.org/keys.json");
    assertThat(p.publishedPath("abc", true)).isEqualTo("targets/registry.npmjs.org/abc.keys.json");
    assertThat(p.publishedPath("abc", false)).isEqualTo("targets/registry.npmjs.org/keys.json");
    assertThat(TargetPath.parse("trusted_root.json").publishedPath("f0", true))
        .isEqualTo("targets/f0.trusted_root.json");
  }

  @Test
  void refusesNulInTargetNames() {
    assertThatThrownBy(() -> TargetPath.parse("a\0b"))
        .isInstanceOfSatisfying(
            InvalidTargetPathException.class, e -> assertThat(e.targetPath()).isEqualTo("a\0b"));
  }

  @Test
  void pathPatternsMatchSegmentBySegment() {
    assertThat(PathPattern.matches("registry.npmjs.org/*", "registry.npmjs.org/keys.json"))
        .isTrue();
    assertThat(PathPattern.matches("registry.npmjs.org/*", "registry.npmjs.org/a/keys.json"))
        .isFalse();
    assertThat(PathPattern.matches("*.tgz", "foo.tgz")).isTrue();
    assertThat(PathPattern.matches("*.tgz", "dir/foo.tgz")).isFalse();
    assertThat(PathPattern.matches("a?c", "abc")).isTrue();
    assertThat(PathPattern.matches("a?c", "abbc")).isFalse();
  }

  @Test
  void trustStateSurvivesARoundTripThroughItsFile() throws Exception {
    Path data = RealSigstoreRepositoryTest.DATA.resolve("history/08-60cf2ce8b2");
    TrustState state =
        new TufUpdater(
                MapSource.of(data),
                java.time.Clock.fixed(
                    java.time.Instant.parse("2026-08-21T20:25:56Z"), java.time.ZoneOffset.UTC),
                Limits.defaults())
            .update(TrustState.pin(Files.readAllBytes(data.resolve("1.root.json"))))
            .state();
    TrustStateStore store = new TrustStateStore(tmp.resolve("state"));
    store.save(state);
    TrustState loaded = store.load().orElseThrow();
    assertThat(loaded.rootVersion()).isEqualTo(15);
    assertThat(loaded.roles()).isEqualTo(state.roles());
    assertThat(loaded.trustedRoot()).isEqualTo(state.trustedRoot());
    assertThat(loaded.lastVerified()).isEqualTo(state.lastVerified());
    try (var files = Files.list(tmp.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("trust.json");
    }
  }

  @Test
  void aCorruptTrustStateIsAnErrorNotAFreshStart() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("state"));
    Files.writeString(dir.resolve("trust.json"), "{\"roots\": 5");
    assertThatThrownBy(() -> new TrustStateStore(dir).load())
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void noTrustStateIsEmpty() throws Exception {
    assertThat(new TrustStateStore(tmp.resolve("none")).load()).isEmpty();
  }

  @Test
  void hexKeysOfOldRootsConvertToPem() {
    String point =
        "04cbc5cab2684160323c25cd06c3307178a6b1d1c9b949328453ae473c5ba7527e35b13f298b41633382241f3fd8526c262d43b45adee5c618fa0642c82b8a9803";
    assertThat(HexPublicKeys.toPem("ecdsa-sha2-nistp256", point))
        .hasValueSatisfying(pem -> assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----"));
    assertThat(HexPublicKeys.toPem("ecdsa-sha2-nistp256", "zz")).isEmpty();
    assertThat(HexPublicKeys.toPem("ed25519", "00".repeat(32))).isPresent();
  }
}
