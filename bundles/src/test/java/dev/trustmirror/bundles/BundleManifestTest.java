package dev.trustmirror.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.tuf.VerifiedRepository;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundleManifestTest {
  static final VerifiedRepository REPO = TestRepositories.history(8);
  static final Instant CREATED = Instant.parse("2026-08-21T20:25:56.789Z");

  private static BundleManifest manifest() {
    return BundleManifest.of(
        REPO, "https://tuf-repo-cdn.sigstore.dev", TestRepositories.pinnedRoot(8), CREATED);
  }

  @Test
  void roundTripKeepsEveryField() throws Exception {
    BundleManifest m = manifest();
    BundleManifest back = BundleManifest.parse(m.toJson(), "test");
    assertThat(back).isEqualTo(m);
    assertThat(back.toJson()).isEqualTo(m.toJson());
  }

  @Test
  void describesTheRepositoryFileByFile() {
    BundleManifest m = manifest();
    assertThat(m.formatVersion()).isEqualTo(1);
    assertThat(m.created()).isEqualTo(Instant.parse("2026-08-21T20:25:56Z"));
    assertThat(m.files().keySet()).isEqualTo(REPO.paths());
    assertThat(m.files().get("15.root.json"))
        .isEqualTo(BundleManifest.FileDigest.of(REPO.bytes("15.root.json")));
    assertThat(m.roles()).isEqualTo(REPO.roles());
    assertThat(m.role("timestamp").orElseThrow().version()).isEqualTo(762);
    assertThat(m.contentHash()).isEqualTo(REPO.contentHash());
    assertThat(m.pinnedRootSha256())
        .isEqualTo(BundleManifest.sha256Hex(TestRepositories.pinnedRoot(8)));
    assertThat(m.totalBytes()).isEqualTo(REPO.totalBytes());
  }

  @Test
  void sameInputsGiveTheSameBytesWithSortedKeysAndUnixLineEnds() throws Exception {
    byte[] a = manifest().toJson();
    byte[] b = manifest().toJson();
    assertThat(a).isEqualTo(b);
    String text = new String(a, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r").endsWith("}\n");
    JsonNode tree = new ObjectMapper().readTree(a);
    List<String> keys = new ArrayList<>();
    tree.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isSorted();
    List<String> fileKeys = new ArrayList<>();
    tree.get("files").fieldNames().forEachRemaining(fileKeys::add);
    assertThat(fileKeys).isSorted();
  }

  @Test
  void refusesADuplicateKey() {
    String json = new String(manifest().toJson(), StandardCharsets.UTF_8);
    String doubled = json.replaceFirst("\\{", "{\n  \"source\": \"https://evil.example\",");
    assertRefused(doubled, BundleRefusedException.Rule.MANIFEST_MALFORMED);
  }

  @Test
  void refusesAnUnknownField() {
    String json = new String(manifest().toJson(), StandardCharsets.UTF_8);
    assertRefused(
        json.replaceFirst("\\{", "{\n  \"extra\": 1,"),
        BundleRefusedException.Rule.MANIFEST_MALFORMED);
  }

  @Test
  void refusesANewerFormatVersionAsUnsupported() {
    String json = new String(manifest().toJson(), StandardCharsets.UTF_8);
    assertRefused(
        json.replace("\"formatVersion\": 1", "\"formatVersion\": 2"),
        BundleRefusedException.Rule.UNSUPPORTED_FORMAT);
  }

  @Test
  void refusesABadHashOrLengthOrTime() {
    String json = new String(manifest().toJson(), StandardCharsets.UTF_8);
    assertRefused(
        json.replaceFirst("\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": \"xyz\""),
        BundleRefusedException.Rule.MANIFEST_MALFORMED);
    assertRefused(
        json.replaceFirst("\"length\": [0-9]+", "\"length\": -1"),
        BundleRefusedException.Rule.MANIFEST_MALFORMED);
    assertRefused(
        json.replaceFirst("\"created\": \"[^\"]+\"", "\"created\": \"yesterday\""),
        BundleRefusedException.Rule.MANIFEST_MALFORMED);
  }

  @Test
  void refusesSomethingThatIsNotJson() {
    assertRefused("not json", BundleRefusedException.Rule.MANIFEST_MALFORMED);
    assertRefused("[]", BundleRefusedException.Rule.MANIFEST_MALFORMED);
    assertRefused("{} {}", BundleRefusedException.Rule.MANIFEST_MALFORMED);
  }

  private static void assertRefused(String json, BundleRefusedException.Rule rule) {
    assertThatThrownBy(() -> BundleManifest.parse(json.getBytes(StandardCharsets.UTF_8), "b"))
        .isInstanceOfSatisfying(
            BundleRefusedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.path()).contains("manifest.json");
            });
  }
}
