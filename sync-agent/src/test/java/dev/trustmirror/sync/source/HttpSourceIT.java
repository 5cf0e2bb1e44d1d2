package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.process.NginxServer;
import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HttpSource against a real nginx serving the real Sigstore published layout. */
class HttpSourceIT {
  private static final HistoryPoint HEAD = SigstoreTestData.historyPoint(8);
  private static NginxServer nginx;
  private static RepositorySource source;

  @BeforeAll
  static void serveTheRepository() throws Exception {
    nginx = NginxServer.start(HEAD.directory());
    source = RepositorySources.open(nginx.baseUrl().toString(), SourceOptions.defaults());
  }

  @AfterAll
  static void stop() {
    nginx.close();
  }

  @Test
  void returnsEveryFileOfThePublishedLayoutByteForByte() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(HEAD.directory())) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    for (Path file : files) {
      String path = HEAD.directory().relativize(file).toString();
      assertThat(source.fetch(path, 32 * 1024 * 1024)).as(path).hasValue(Files.readAllBytes(file));
    }
  }

  @Test
  void missingFilesAreNotFound() throws Exception {
    assertThat(source.fetch((HEAD.versions().root() + 1) + ".root.json", 512 * 1024)).isEmpty();
    assertThat(source.fetch("targets/registry.npmjs.org", 1024)).isEmpty();
    assertThat(source.fetch("targets/no such file?.json", 1024)).isEmpty();
  }

  @Test
  void refusesAFileLongerThanTheLimit() throws Exception {
    long size = Files.size(HEAD.directory().resolve(HEAD.rootPath()));
    assertThatThrownBy(() -> source.fetch(HEAD.rootPath(), size - 1))
        .isInstanceOfSatisfying(
            FileTooLargeException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(size - 1);
              assertThat(e.role()).isEqualTo(HEAD.rootPath());
            });
    assertThat(source.fetch(HEAD.rootPath(), size)).isPresent();
  }

  @Test
  void encodesNamesThatAreNotUrlSafe(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("targets/dir name"));
    Files.writeString(root.resolve("targets/dir name/a+b c%.json"), "odd");
    try (NginxServer odd = NginxServer.start(root)) {
      RepositorySource oddSource =
          RepositorySources.open(odd.baseUrl().toString(), SourceOptions.defaults());
      assertThat(oddSource.fetch("targets/dir name/a+b c%.json", 10)).hasValue("odd".getBytes());
    }
  }
}
