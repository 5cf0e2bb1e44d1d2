package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.VerifiedRepository;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * policy-controller reads each mirrorFS entry with one {@code Read} call, which Go's gzip reader
 * answers only up to the next 32 KiB boundary of the uncompressed stream (ADR 0010). So no file of
 * up to 32 KiB may cross such a boundary: checked by walking the tar stream block by block.
 */
class MirrorFsLayoutTest {
  static final int WINDOW = 32 * 1024;

  static List<Resources.Placement> layout(VerifiedRepository repo) {
    return Resources.placements(MirrorFs.pack(repo));
  }

  static void assertNoSmallFileCrossesAWindow(List<Resources.Placement> placements) {
    for (Resources.Placement p : placements) {
      assertThat(p.type()).as(p.name()).isEqualTo('0');
      if (p.size() > 0 && p.size() <= WINDOW) {
        assertThat(p.start() / WINDOW)
            .as("%s at %d, %d bytes", p.name(), p.start(), p.size())
            .isEqualTo((p.start() + p.size() - 1) / WINDOW);
      }
    }
  }

  static long paddingEntries(List<Resources.Placement> placements) {
    return placements.stream()
        .filter(p -> p.name().startsWith("repository/.trust-mirror-padding/"))
        .count();
  }

  @Test
  void sigstoresRepositoryNeedsPadding() {
    // Unpadded, 8.root.json and the fulcio_intermediate_v1 target would cross 96 KiB and 128 KiB
    // (and Go read them short); the one padding entry before 8.root.json moves both off.
    List<Resources.Placement> placements = layout(TestRepositories.history08());
    assertNoSmallFileCrossesAWindow(placements);
    assertThat(paddingEntries(placements)).isEqualTo(1);
  }

  @Test
  void manyTargetsOfEverySizeAndLongDelegatedNames() {
    Random random = new Random(10);
    RepoBuilder builder = RepoBuilder.create(TestRepositories.GENERATED_AT);
    for (int i = 0; i < 60; i++) {
      byte[] content = new byte[1 + random.nextInt(20_000)];
      random.nextBytes(content);
      builder.addOrChangeTarget("t" + i + ".bin", content);
      if (i % 10 == 0) {
        builder.addOrChangeDelegatedTarget("example.org/k" + i + ".json", content);
      }
    }
    builder.addOrChangeTarget("large.bin", new byte[3 * WINDOW]);
    List<Resources.Placement> placements = layout(TestRepositories.generated(builder));
    assertNoSmallFileCrossesAWindow(placements);
    assertThat(paddingEntries(placements)).isGreaterThan(5);
    assertThat(placements)
        .anyMatch(p -> p.name().length() >= 100 && p.name().startsWith("repository/targets/"));
  }
}
