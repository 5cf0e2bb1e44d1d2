package dev.trustmirror.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigstoreTestDataTest {

  @Test
  void findsTheSharedDataFromTheModuleDirectory() {
    assertThat(SigstoreTestData.root().resolve("SEQUENCE.md")).isRegularFile();
    assertThat(SigstoreTestData.sourceHead().resolve("metadata/root.json")).isRegularFile();
    assertThat(SigstoreTestData.legacy().resolve("1.root.json")).isRegularFile();
    assertThat(SigstoreTestData.staging()).isDirectory();
  }

  @Test
  void findsSharedBesideACloneAndInAnAncestor(@TempDir Path tmp) throws IOException {
    Path data = Files.createDirectories(tmp.resolve(SigstoreTestData.RELATIVE));
    Path module = Files.createDirectories(tmp.resolve("clone/sync-agent"));
    assertThat(SigstoreTestData.find(module)).contains(data);
    assertThat(SigstoreTestData.find(tmp)).contains(data);
  }

  @Test
  void historyPointsMatchTheFilesOnDisk() {
    List<HistoryPoint> points = SigstoreTestData.historyPoints();
    assertThat(points).hasSize(8);
    for (HistoryPoint point : points) {
      Path dir = point.directory();
      assertThat(dir.resolve(point.rootPath())).isRegularFile();
      assertThat(dir.resolve((point.versions().root() + 1) + ".root.json")).doesNotExist();
      assertThat(dir.resolve(point.snapshotPath())).isRegularFile();
      assertThat(dir.resolve(point.targetsPath())).isRegularFile();
      assertThat(dir.resolve(point.delegatedPath())).isRegularFile();
      assertThat(point.validAt()).isAfter(point.commitDate()).isBefore(point.timestampExpires());
      assertThat(dir.getFileName().toString()).startsWith(String.format("%02d-", point.number()));
      assertThat(point.commit()).startsWith(dir.getFileName().toString().substring(3));
    }
    assertThat(SigstoreTestData.historyPoint(8).versions())
        .isEqualTo(new HistoryPoint.Versions(15, 762, 165, 14, 8));
  }

  @Test
  void rejectsHistoryPointsOutsideOneToEight() {
    assertThatThrownBy(() -> SigstoreTestData.historyPoint(9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gitLayoutOfTheNewestPointIsTheSourceHeadByteForByte(@TempDir Path out) throws IOException {
    SigstoreTestData.toGitLayout(SigstoreTestData.historyPoint(8).directory(), out);
    assertThat(contents(out)).isEqualTo(contents(SigstoreTestData.sourceHead()));
  }

  @Test
  void gitLayoutMergesTheSha256AndSha512CopiesOfATarget(@TempDir Path out) throws IOException {
    SigstoreTestData.toGitLayout(SigstoreTestData.historyPoint(1).directory(), out);
    assertThat(out.resolve("targets/trusted_root.json")).isRegularFile();
    assertThat(out.resolve("targets/registry.npmjs.org/keys.json")).isRegularFile();
    assertThat(out.resolve("metadata/root_history/10.root.json"))
        .hasSameBinaryContentAs(out.resolve("metadata/root.json"));
    assertThat(out.resolve("metadata/snapshot.json"))
        .hasSameBinaryContentAs(
            SigstoreTestData.historyPoint(1).directory().resolve("156.snapshot.json"));
  }

  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }
}
