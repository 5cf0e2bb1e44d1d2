package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectorySourceTest {
  @TempDir Path tmp;
  private Path repo;
  private DirectorySource source;

  @BeforeEach
  void createRepository() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("timestamp.json"), "{\"signed\":{}}");
    Files.createDirectories(repo.resolve("targets/registry.npmjs.org"));
    Files.writeString(repo.resolve("targets/registry.npmjs.org/abc.keys.json"), "keys");
    Files.writeString(tmp.resolve("secret.json"), "secret");
    source = new DirectorySource(repo);
  }

  @Test
  void readsExactBytes() throws Exception {
    assertThat(source.fetch("timestamp.json", 1024)).hasValue("{\"signed\":{}}".getBytes());
    assertThat(source.fetch("targets/registry.npmjs.org/abc.keys.json", 4))
        .hasValue("keys".getBytes());
  }

  @Test
  void missingFilesAndDirectoriesAreNotFound() throws Exception {
    assertThat(source.fetch("1.root.json", 1024)).isEmpty();
    assertThat(source.fetch("targets", 1024)).isEmpty();
    assertThat(source.fetch("nothing/here.json", 1024)).isEmpty();
  }

  @Test
  void refusesFilesLongerThanTheLimit() {
    assertThatThrownBy(() -> source.fetch("timestamp.json", 5))
        .isInstanceOfSatisfying(
            FileTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(5));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../secret.json", "/etc/passwd", "targets/../../secret.json", "a\u0000b", "a\\b"})
  void refusesTraversal(String path) {
    assertThatThrownBy(() -> source.fetch(path, 1024)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesSymbolicLinksLeavingTheDirectory() throws Exception {
    Files.createSymbolicLink(repo.resolve("1.root.json"), tmp.resolve("secret.json"));
    Files.createSymbolicLink(repo.resolve("up"), tmp);
    assertThatThrownBy(() -> source.fetch("1.root.json", 1024))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("outside the source directory");
    assertThatThrownBy(() -> source.fetch("up/secret.json", 1024))
        .isInstanceOf(SourceUnavailableException.class);
  }

  @Test
  void followsSymbolicLinksInsideTheDirectory() throws Exception {
    Files.createSymbolicLink(repo.resolve("2.root.json"), repo.resolve("timestamp.json"));
    assertThat(source.fetch("2.root.json", 1024)).hasValue("{\"signed\":{}}".getBytes());
  }

  @Test
  void worksWhenTheDirectoryItselfIsASymbolicLink() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("current"), repo);
    assertThat(new DirectorySource(link).fetch("timestamp.json", 1024)).isPresent();
  }

  @Test
  void missingDirectoryIsUnavailable() {
    DirectorySource gone = new DirectorySource(tmp.resolve("gone"));
    assertThatThrownBy(gone::prepare).isInstanceOf(SourceUnavailableException.class);
    assertThatThrownBy(() -> gone.fetch("timestamp.json", 10))
        .isInstanceOfSatisfying(
            SourceUnavailableException.class,
            e -> assertThat(e.location()).isEqualTo(tmp.resolve("gone").toString()));
  }
}
