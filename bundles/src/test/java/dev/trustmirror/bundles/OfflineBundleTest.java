package dev.trustmirror.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.bundles.BundleRefusedException.Rule;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.bundles.archive.DeterministicTarGzWriter;
import dev.trustmirror.bundles.archive.EntryNames;
import dev.trustmirror.bundles.archive.SafeTarGzReader;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OfflineBundleTest {
  static final VerifiedRepository REPO = TestRepositories.history(8);
  static final Instant CREATED = Instant.parse("2026-08-21T20:25:56Z");
  static final String SOURCE = "https://tuf-repo-cdn.sigstore.dev";

  static byte[] export(Optional<PrivateKey> key) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OfflineBundle.write(REPO, SOURCE, TestRepositories.pinnedRoot(8), CREATED, key, out);
    return out.toByteArray();
  }

  static OfflineBundle read(byte[] bundle, Optional<PublicKey> key) throws Exception {
    return OfflineBundle.read(
        new ByteArrayInputStream(bundle), "b.tar.gz", key, ArchiveLimits.defaults());
  }

  /** The bundle with its entries changed, written back the way the exporter writes. */
  static byte[] rewrite(byte[] bundle, Consumer<SortedMap<String, byte[]>> change)
      throws Exception {
    SortedMap<String, byte[]> entries =
        new TreeMap<>(
            SafeTarGzReader.read(
                new ByteArrayInputStream(bundle),
                "b",
                ArchiveLimits.defaults(),
                EntryNames.of(Set.of("manifest.json", "manifest.json.sig"), Set.of("repository"))));
    change.accept(entries);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DeterministicTarGzWriter.write(entries, CREATED, out);
    return out.toByteArray();
  }

  static void assertRefused(byte[] bundle, Optional<PublicKey> key, Rule rule, String path) {
    assertThatThrownBy(() -> read(bundle, key))
        .isInstanceOfSatisfying(
            BundleRefusedException.class,
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.path()).isEqualTo(Optional.ofNullable(path));
              assertThat(e.bundle()).isEqualTo("b.tar.gz");
            });
  }

  @Test
  void carriesEveryFileByteForByte() throws Exception {
    OfflineBundle bundle = read(export(Optional.empty()), Optional.empty());
    assertThat(bundle.repositoryFiles().keySet()).isEqualTo(REPO.paths());
    for (String path : REPO.paths()) {
      assertThat(bundle.repositoryFiles().get(path)).as(path).isEqualTo(REPO.bytes(path));
    }
    assertThat(bundle.manifest().source()).isEqualTo(SOURCE);
    assertThat(bundle.manifest().created()).isEqualTo(CREATED);
    assertThat(bundle.signature()).isEqualTo(SignatureStatus.UNSIGNED);
    assertThat(bundle.manifestBytes()).isEqualTo(bundle.manifest().toJson());
  }

  @Test
  void exportingTwiceGivesTheSameBytesSignedOrNot() throws Exception {
    assertThat(export(Optional.empty())).isEqualTo(export(Optional.empty()));
    assertThat(export(Optional.of(TestKeys.admin())))
        .isEqualTo(export(Optional.of(TestKeys.admin())));
  }

  @Test
  void aSignedBundleVerifiesWithTheAdminKey() throws Exception {
    byte[] signed = export(Optional.of(TestKeys.admin()));
    assertThat(read(signed, Optional.of(TestKeys.adminPublic())).signature())
        .isEqualTo(SignatureStatus.VERIFIED);
    assertThat(read(signed, Optional.empty()).signature()).isEqualTo(SignatureStatus.NOT_CHECKED);
  }

  @Test
  void refusesASignatureByAnotherKey() throws Exception {
    assertRefused(
        export(Optional.of(TestKeys.admin())),
        Optional.of(TestKeys.otherPublic()),
        Rule.SIGNATURE_INVALID,
        "manifest.json.sig");
  }

  @Test
  void refusesAnUnsignedBundleWhenAKeyIsGiven() throws Exception {
    assertRefused(
        export(Optional.empty()),
        Optional.of(TestKeys.adminPublic()),
        Rule.SIGNATURE_MISSING,
        "manifest.json.sig");
  }

  @Test
  void refusesAManifestChangedAfterSigning() throws Exception {
    byte[] changed =
        rewrite(
            export(Optional.of(TestKeys.admin())),
            e ->
                e.put(
                    "manifest.json",
                    new String(e.get("manifest.json"), StandardCharsets.UTF_8)
                        .replace(SOURCE, "https://elsewhere.example")
                        .getBytes(StandardCharsets.UTF_8)));
    assertRefused(
        changed, Optional.of(TestKeys.adminPublic()), Rule.SIGNATURE_INVALID, "manifest.json.sig");
  }

  @Test
  void refusesAFileWhoseHashDiffersFromTheManifest() throws Exception {
    byte[] tampered =
        rewrite(
            export(Optional.empty()),
            e -> {
              byte[] ts = e.get("repository/timestamp.json").clone();
              ts[ts.length / 2] ^= 1;
              e.put("repository/timestamp.json", ts);
            });
    assertRefused(tampered, Optional.empty(), Rule.HASH_MISMATCH, "timestamp.json");
  }

  @Test
  void refusesAFileWhoseLengthDiffersFromTheManifest() throws Exception {
    byte[] longer =
        rewrite(
            export(Optional.empty()),
            e ->
                e.put(
                    "repository/15.root.json",
                    (new String(e.get("repository/15.root.json"), StandardCharsets.UTF_8) + " ")
                        .getBytes(StandardCharsets.UTF_8)));
    assertRefused(longer, Optional.empty(), Rule.LENGTH_MISMATCH, "15.root.json");
  }

  @Test
  void refusesMissingAndUnlistedFiles() throws Exception {
    assertRefused(
        rewrite(export(Optional.empty()), e -> e.remove("repository/14.targets.json")),
        Optional.empty(),
        Rule.FILE_MISSING,
        "14.targets.json");
    assertRefused(
        rewrite(
            export(Optional.empty()),
            e -> e.put("repository/16.root.json", "{}".getBytes(StandardCharsets.UTF_8))),
        Optional.empty(),
        Rule.UNLISTED_FILE,
        "16.root.json");
    assertRefused(
        rewrite(export(Optional.empty()), e -> e.remove("manifest.json")),
        Optional.empty(),
        Rule.MANIFEST_MISSING,
        "manifest.json");
  }
}
