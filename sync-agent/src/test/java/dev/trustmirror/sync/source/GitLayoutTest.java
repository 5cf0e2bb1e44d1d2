package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.sync.source.GitLayout.Absent;
import dev.trustmirror.sync.source.GitLayout.Direct;
import dev.trustmirror.sync.source.GitLayout.HashedTarget;
import dev.trustmirror.sync.source.GitLayout.Root;
import dev.trustmirror.sync.source.GitLayout.VersionedRole;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GitLayoutTest {
  private static final String SHA256_OF_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String SHA512_OF_ABC =
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

  @Test
  void mapsRootsToTheRootHistory() {
    assertThat(GitLayout.lookupFor("15.root.json")).isEqualTo(new Root(15));
    assertThat(new Root(15).historyPath()).isEqualTo("metadata/root_history/15.root.json");
  }

  @Test
  void mapsVersionedMetadataToTheRoleFile() {
    assertThat(GitLayout.lookupFor("165.snapshot.json"))
        .isEqualTo(new VersionedRole("metadata/snapshot.json", 165));
    assertThat(GitLayout.lookupFor("14.targets.json"))
        .isEqualTo(new VersionedRole("metadata/targets.json", 14));
    assertThat(GitLayout.lookupFor("8.registry.npmjs.org.json"))
        .isEqualTo(new VersionedRole("metadata/registry.npmjs.org.json", 8));
  }

  @Test
  void mapsUnversionedMetadataDirectly() {
    assertThat(GitLayout.lookupFor("timestamp.json"))
        .isEqualTo(new Direct("metadata/timestamp.json"));
    assertThat(GitLayout.lookupFor("snapshot.json"))
        .isEqualTo(new Direct("metadata/snapshot.json"));
    assertThat(GitLayout.lookupFor("targets.json")).isEqualTo(new Direct("metadata/targets.json"));
    assertThat(GitLayout.lookupFor("registry.npmjs.org.json"))
        .isEqualTo(new Direct("metadata/registry.npmjs.org.json"));
  }

  @Test
  void mapsHashPrefixedTargetsToTheirName() {
    assertThat(GitLayout.lookupFor("targets/" + SHA256_OF_ABC + ".trusted_root.json"))
        .isEqualTo(new HashedTarget("targets/trusted_root.json", SHA256_OF_ABC));
    assertThat(GitLayout.lookupFor("targets/registry.npmjs.org/" + SHA512_OF_ABC + ".keys.json"))
        .isEqualTo(new HashedTarget("targets/registry.npmjs.org/keys.json", SHA512_OF_ABC));
  }

  @Test
  void mapsTargetsWithoutHashPrefixDirectly() {
    assertThat(GitLayout.lookupFor("targets/trusted_root.json"))
        .isEqualTo(new Direct("targets/trusted_root.json"));
    assertThat(GitLayout.lookupFor("targets/abc123.trusted_root.json"))
        .isEqualTo(new Direct("targets/abc123.trusted_root.json"));
    assertThat(GitLayout.lookupFor("targets/" + SHA256_OF_ABC.toUpperCase() + ".x"))
        .isInstanceOf(Direct.class);
  }

  @Test
  void hasNoCounterpartForOtherPaths() {
    assertThat(GitLayout.lookupFor("metadata/root.json")).isInstanceOf(Absent.class);
    assertThat(GitLayout.lookupFor("README.md")).isInstanceOf(Absent.class);
  }

  @Test
  void checksSha256AndSha512Digests() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(GitLayout.hasDigest(abc, SHA256_OF_ABC)).isTrue();
    assertThat(GitLayout.hasDigest(abc, SHA512_OF_ABC)).isTrue();
    assertThat(GitLayout.hasDigest("abd".getBytes(StandardCharsets.US_ASCII), SHA256_OF_ABC))
        .isFalse();
    assertThat(GitLayout.hasDigest(abc, "ba7816bf")).isFalse();
  }

  @Test
  void readsTheSignedVersion() {
    assertThat(GitLayout.signedVersion(json("{\"signed\":{\"version\":165}}"))).hasValue(165);
    assertThat(GitLayout.signedVersion(json("{\"signed\":{\"version\":\"165\"}}"))).isEmpty();
    assertThat(GitLayout.signedVersion(json("{\"signed\":{}}"))).isEmpty();
    assertThat(GitLayout.signedVersion(json("not json"))).isEmpty();
    assertThat(GitLayout.ifVersion(json("{\"signed\":{\"version\":3}}"), 3)).isPresent();
    assertThat(GitLayout.ifVersion(json("{\"signed\":{\"version\":3}}"), 4)).isEmpty();
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
