package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathClassTest {
  private static final String SHA256 = "a".repeat(64);

  @Test
  void classifiesTheConsistentSnapshotLayout() {
    assertThat(PathClass.of("timestamp.json")).isEqualTo(PathClass.TIMESTAMP);
    assertThat(PathClass.of("15.root.json")).isEqualTo(PathClass.ROOT);
    assertThat(PathClass.of("165.snapshot.json")).isEqualTo(PathClass.SNAPSHOT);
    assertThat(PathClass.of("14.targets.json")).isEqualTo(PathClass.TARGETS_METADATA);
    assertThat(PathClass.of("8.registry.npmjs.org.json")).isEqualTo(PathClass.DELEGATED);
    assertThat(PathClass.of("targets/" + SHA256 + ".trusted_root.json"))
        .isEqualTo(PathClass.TARGET);
    assertThat(PathClass.of("targets/registry.npmjs.org/" + SHA256 + ".keys.json"))
        .isEqualTo(PathClass.TARGET);
    assertThat(PathClass.of("targets/" + "b".repeat(128) + ".x")).isEqualTo(PathClass.TARGET);
  }

  @Test
  void anythingUnversionedIsOtherAndNeverImmutable() {
    for (String p :
        new String[] {
          "snapshot.json",
          "root.json",
          "targets.json",
          "0.root.json",
          "01.root.json",
          "5.timestamp.json",
          "targets/trusted_root.json",
          "targets/abc.trusted_root.json",
          "x/1.root.json",
          "index.html"
        }) {
      assertThat(PathClass.of(p)).as(p).isEqualTo(PathClass.OTHER);
    }
    assertThat(PathClass.OTHER.cacheControl()).isEqualTo("no-cache");
  }

  @Test
  void timestampMustRevalidateVersionedFilesAreImmutable() {
    assertThat(PathClass.TIMESTAMP.cacheControl()).isEqualTo("no-cache, max-age=60");
    for (PathClass c :
        new PathClass[] {
          PathClass.ROOT,
          PathClass.SNAPSHOT,
          PathClass.TARGETS_METADATA,
          PathClass.DELEGATED,
          PathClass.TARGET
        }) {
      assertThat(c.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
    }
  }
}
