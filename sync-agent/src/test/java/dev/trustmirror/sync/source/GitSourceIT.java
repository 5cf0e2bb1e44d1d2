package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.process.GitDaemon;
import dev.trustmirror.testkit.process.GitRepoWriter;
import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitSource against git repositories made of the real root-signing data: the git layouts of history
 * points 06 and 08 (derived by renaming, as root-signing's own layout is), committed in order, read
 * through git+file:// and through a real git daemon.
 */
class GitSourceIT {
  private static final long MAX = 32L * 1024 * 1024;
  private static final HistoryPoint OLDER = SigstoreTestData.historyPoint(6);
  private static final HistoryPoint NEWER = SigstoreTestData.historyPoint(8);

  @TempDir Path tmp;
  private Path repos;
  private GitRepoWriter repo;
  private String firstCommit;

  @BeforeEach
  void commitTheOlderPoint() throws Exception {
    repos = Files.createDirectories(tmp.resolve("repos"));
    repo = GitRepoWriter.init(repos.resolve("root-signing"));
    firstCommit = repo.commitTree(gitLayout(OLDER), "history point 06");
  }

  private Path gitLayout(HistoryPoint point) throws IOException {
    Path out = tmp.resolve("layout-" + point.number());
    if (!Files.exists(out)) {
      SigstoreTestData.toGitLayout(point.directory(), out);
    }
    return out;
  }

  private SourceOptions.Builder options() {
    return SourceOptions.builder().gitCacheDir(tmp.resolve("cache"));
  }

  private RepositorySource open(String url) throws IOException {
    return RepositorySources.open(url, options().build());
  }

  private String fileUrl() {
    return "git+file://" + repo.directory();
  }

  @Test
  void servesEveryFileOfThePublishedLayoutFromTheCommit() throws Exception {
    try (RepositorySource source = open(fileUrl())) {
      source.prepare();
      assertServesExactly(source, OLDER);
      assertThat(source.describe()).contains("at commit " + firstCommit.substring(0, 7));
    }
  }

  @Test
  void findsOnlyTheVersionsAndHashesTheCommitHas() throws Exception {
    try (RepositorySource source = open(fileUrl())) {
      assertThat(source.fetch("15.root.json", MAX)).isEmpty();
      assertThat(source.fetch("162.snapshot.json", MAX)).isEmpty();
      assertThat(source.fetch("164.snapshot.json", MAX)).isEmpty();
      assertThat(source.fetch("12.targets.json", MAX)).isEmpty();
      assertThat(source.fetch("6.registry.npmjs.org.json", MAX)).isEmpty();
      assertThat(source.fetch("targets/" + "0".repeat(64) + ".trusted_root.json", MAX)).isEmpty();
      assertThat(source.fetch("targets/" + "0".repeat(128) + ".trusted_root.json", MAX)).isEmpty();
      assertThat(source.fetch("targets/" + "0".repeat(64) + ".missing.json", MAX)).isEmpty();
      // Names without hash are the git layout's own (repositories without consistent snapshots).
      assertThat(source.fetch("snapshot.json", MAX))
          .hasValue(bytes(OLDER.directory().resolve(OLDER.snapshotPath())));
      assertThat(source.fetch("targets/trusted_root.json", MAX))
          .hasValue(bytes(gitLayout(OLDER).resolve("targets/trusted_root.json")));
    }
  }

  @Test
  void servesTheSha512NameOfATargetToo() throws Exception {
    HistoryPoint first = SigstoreTestData.historyPoint(1);
    repo.commitTree(gitLayout(first), "history point 01: targets with sha256 and sha512 names");
    try (RepositorySource source = open(fileUrl())) {
      assertServesExactly(source, first);
    }
  }

  @Test
  void followsTheRemoteIncrementallyAndKeepsOneCommitBetweenPrepares() throws Exception {
    try (RepositorySource source = open(fileUrl())) {
      source.prepare();
      String secondCommit = repo.commitTree(gitLayout(NEWER), "history point 08");
      // Still the commit pinned by the last prepare(), whatever the remote does meanwhile.
      assertThat(source.fetch(NEWER.rootPath(), MAX)).isEmpty();
      assertThat(source.fetch("timestamp.json", MAX))
          .hasValue(bytes(OLDER.directory().resolve("timestamp.json")));

      source.prepare();
      assertServesExactly(source, NEWER);
      assertThat(source.fetch(OLDER.snapshotPath(), MAX)).isEmpty();
      assertThat(((GitSource) source).commitId()).hasValue(secondCommit);
      assertThat(source.describe()).contains("at commit " + secondCommit.substring(0, 7));
    }
  }

  @Test
  void reusesTheCachedCloneAcrossSources() throws Exception {
    try (RepositorySource source = open(fileUrl())) {
      source.prepare();
    }
    String secondCommit = repo.commitTree(gitLayout(NEWER), "history point 08");
    try (GitSource source = (GitSource) open(fileUrl())) {
      source.prepare();
      assertThat(source.commitId()).hasValue(secondCommit);
      assertThat(source.fetch(NEWER.rootPath(), MAX)).isPresent();
    }
    try (Stream<Path> clones = Files.list(tmp.resolve("cache"))) {
      assertThat(clones.toList()).hasSize(1);
    }
  }

  @Test
  void readsThroughGitDaemon() throws Exception {
    try (GitDaemon daemon = GitDaemon.start(repos);
        RepositorySource source = open(daemon.url("root-signing").toString())) {
      source.prepare();
      assertServesExactly(source, OLDER);
      repo.commitTree(gitLayout(NEWER), "history point 08");
      source.prepare();
      assertServesExactly(source, NEWER);
    }
  }

  @Test
  void aRepositoryRemovedFromTheDaemonIsUnavailable() throws Exception {
    try (GitDaemon daemon = GitDaemon.start(repos);
        RepositorySource source = open(daemon.url("root-signing").toString())) {
      source.prepare();
      deleteTree(repo.directory());
      assertThatThrownBy(source::prepare)
          .isInstanceOfSatisfying(
              SourceUnavailableException.class,
              e -> assertThat(e.location()).isEqualTo(daemon.url("root-signing").toString()));
    }
  }

  @Test
  void aRemovedRepositoryIsUnavailable() throws Exception {
    try (RepositorySource source = open(fileUrl())) {
      source.prepare();
      deleteTree(repo.directory());
      assertThatThrownBy(source::prepare).isInstanceOf(SourceUnavailableException.class);
    }
  }

  @Test
  void anUnreachableDaemonIsUnavailable() throws Exception {
    int port;
    try (GitDaemon daemon = GitDaemon.start(repos)) {
      port = daemon.port();
    }
    try (RepositorySource source = open("git://127.0.0.1:" + port + "/root-signing")) {
      assertThatThrownBy(() -> source.fetch("timestamp.json", MAX))
          .isInstanceOf(SourceUnavailableException.class);
    }
  }

  @Test
  void fallsBackToRootJsonWhenTheHistoryLacksTheVersion() throws Exception {
    Path layout = gitLayout(NEWER);
    Path withoutHistory = tmp.resolve("no-history");
    copyTree(layout, withoutHistory);
    Files.delete(withoutHistory.resolve("metadata/root_history/" + NEWER.rootPath()));
    repo.commitTree(withoutHistory, "root 15 only as metadata/root.json");
    try (RepositorySource source = open(fileUrl())) {
      assertThat(source.fetch(NEWER.rootPath(), MAX))
          .hasValue(bytes(NEWER.directory().resolve(NEWER.rootPath())));
      assertThat(source.fetch((NEWER.versions().root() + 1) + ".root.json", MAX)).isEmpty();
      assertThat(source.fetch("14.root.json", MAX))
          .hasValue(bytes(NEWER.directory().resolve("14.root.json")));
    }
  }

  @Test
  void readsTheLayoutFromASubdirectory() throws Exception {
    Path nested = tmp.resolve("nested");
    copyTree(gitLayout(NEWER), nested.resolve("repository"));
    Files.writeString(nested.resolve("README.md"), "not TUF");
    repo.commitTree(nested, "layout under repository/");
    try (RepositorySource source =
        RepositorySources.open(fileUrl(), options().gitPath("repository").build())) {
      assertServesExactly(source, NEWER);
      assertThat(source.describe()).contains("path repository/");
    }
    try (RepositorySource atRoot = open(fileUrl())) {
      assertThatThrownBy(atRoot::prepare)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("--git-path");
    }
  }

  @Test
  void readsATagOrACommitInsteadOfMain() throws Exception {
    repo.tag("point-06");
    String second = repo.commitTree(gitLayout(NEWER), "history point 08");
    try (GitSource byTag =
        (GitSource) RepositorySources.open(fileUrl(), options().gitRef("point-06").build())) {
      byTag.prepare();
      assertThat(byTag.commitId()).hasValue(firstCommit);
    }
    try (GitSource byId =
        (GitSource) RepositorySources.open(fileUrl(), options().gitRef(firstCommit).build())) {
      byId.prepare();
      assertThat(byId.commitId()).hasValue(firstCommit);
    }
    try (GitSource byRef =
        (GitSource)
            RepositorySources.open(fileUrl(), options().gitRef("refs/heads/main").build())) {
      byRef.prepare();
      assertThat(byRef.commitId()).hasValue(second);
    }
    try (RepositorySource missing =
        RepositorySources.open(fileUrl(), options().gitRef("no-such-branch").build())) {
      assertThatThrownBy(missing::prepare)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("no-such-branch");
    }
  }

  @Test
  void refusesABlobLongerThanTheLimit() throws Exception {
    long size = Files.size(OLDER.directory().resolve("timestamp.json"));
    try (RepositorySource source = open(fileUrl())) {
      assertThatThrownBy(() -> source.fetch("timestamp.json", size - 1))
          .isInstanceOfSatisfying(
              FileTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(size - 1));
      assertThat(source.fetch("timestamp.json", size)).isPresent();
    }
  }

  /** Every file of the point's published layout comes back byte for byte. */
  private static void assertServesExactly(RepositorySource source, HistoryPoint point)
      throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(point.directory())) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    for (Path file : files) {
      String path = point.directory().relativize(file).toString();
      assertThat(source.fetch(path, MAX)).as(path).hasValue(bytes(file));
    }
  }

  private static byte[] bytes(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
