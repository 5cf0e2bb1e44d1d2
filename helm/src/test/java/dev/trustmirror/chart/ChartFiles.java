package dev.trustmirror.chart;

import dev.trustmirror.testkit.data.SigstoreTestData;
import java.nio.file.Path;

/** Where the chart, its test value sets and the pinned root are. */
final class ChartFiles {
  private ChartFiles() {}

  /** The repository root: the parent of this module's directory (Failsafe sets basedir). */
  static Path repoRoot() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }

  /** {@code helm/trust-mirror}. */
  static Path chart() {
    return repoRoot().resolve("helm/trust-mirror");
  }

  /** A value set of {@code src/test/resources/dev/trustmirror/chart/values/}. */
  static Path values(String file) {
    return repoRoot().resolve("helm/src/test/resources/dev/trustmirror/chart/values").resolve(file);
  }

  /** The real Sigstore {@code 1.root.json} (history point 1 of /work/shared/testdata). */
  static Path pinnedRoot() {
    return SigstoreTestData.historyPoint(1).directory().resolve("1.root.json");
  }
}
