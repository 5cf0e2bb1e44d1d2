package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.tuf.RepositorySource;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositorySourcesTest {
  @TempDir Path tmp;

  private SourceOptions options() {
    return SourceOptions.builder().gitCacheDir(tmp.resolve("cache")).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://tuf-repo-cdn.sigstore.dev", "http://127.0.0.1:8080/tuf/"})
  void opensHttpSources(String url) throws Exception {
    assertThat(RepositorySources.open(url, options())).isInstanceOf(HttpSource.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "git+https://github.com/sigstore/root-signing",
        "git+http://git.internal/root-signing.git",
        "git://127.0.0.1:9418/root-signing",
        "git+file:///srv/git/root-signing"
      })
  void opensGitSources(String url) throws Exception {
    RepositorySource source = RepositorySources.open(url, options());
    assertThat(source).isInstanceOf(GitSource.class);
    assertThat(source.describe()).startsWith(url).contains("ref main").contains("not fetched yet");
  }

  @Test
  void opensDirectorySourcesFromPathsAndFileUrls() throws Exception {
    assertThat(RepositorySources.open(tmp.toString(), options()))
        .isInstanceOf(DirectorySource.class)
        .hasToString("directory " + tmp);
    assertThat(RepositorySources.open(tmp.toUri().toString(), options()))
        .isInstanceOf(DirectorySource.class)
        .hasToString("directory " + tmp);
    assertThat(RepositorySources.open("relative/dir", options()))
        .isInstanceOf(DirectorySource.class);
  }

  @Test
  void keepsGitCredentialsOutOfMessages() throws Exception {
    RepositorySource source =
        RepositorySources.open("git+https://bot:s3cret@git.internal/root-signing", options());
    assertThat(source.describe())
        .startsWith("git+https://***@git.internal/root-signing")
        .doesNotContain("s3cret");
    assertThat(RepositorySources.withoutCredentials("git://h/r")).isEqualTo("git://h/r");
  }

  @Test
  void opensBundleSourcesWithoutReadingThem() throws Exception {
    RepositorySource source =
        RepositorySources.open("bundle:" + tmp.resolve("b.tar.gz"), options());
    assertThat(source).isInstanceOf(BundleSource.class);
    assertThat(source.describe()).isEqualTo("bundle " + tmp.resolve("b.tar.gz"));
  }

  @Test
  void refusesABundleSourceWithoutAFile() {
    assertThatThrownBy(() -> RepositorySources.open("bundle:", options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no file");
  }

  @Test
  void refusesAVerifyKeyForSourcesOtherThanBundles() {
    SourceOptions withKey = options().toBuilder().verifyKey(tmp.resolve("pub.pem")).build();
    assertThatThrownBy(() -> RepositorySources.open("https://mirror.example/", withKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--verify-key");
  }

  @Test
  void refusesAVerifyKeyThatIsNotAPublicKey() throws Exception {
    java.nio.file.Path notAKey = java.nio.file.Files.writeString(tmp.resolve("k.pem"), "hello");
    SourceOptions withKey = options().toBuilder().verifyKey(notAKey).build();
    assertThatThrownBy(() -> RepositorySources.open("bundle:/b.tar.gz", withKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k.pem");
    SourceOptions missing = options().toBuilder().verifyKey(tmp.resolve("none.pem")).build();
    assertThatThrownBy(() -> RepositorySources.open("bundle:/b.tar.gz", missing))
        .isInstanceOf(java.io.IOException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://host/x", "ssh://git@host/repo", "s3://bucket/x", "  "})
  void refusesUnsupportedSources(String url) {
    assertThatThrownBy(() -> RepositorySources.open(url, options()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesProxyAndCaFileForGitOverHttpWhichWouldIgnoreThem() {
    SourceOptions proxied = options().toBuilder().proxy(URI.create("http://bastion:3128")).build();
    assertThatThrownBy(
            () -> RepositorySources.open("git+https://github.com/sigstore/root-signing", proxied))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--proxy");
    SourceOptions withCa = options().toBuilder().caFile(tmp.resolve("ca.pem")).build();
    assertThatThrownBy(
            () -> RepositorySources.open("git+https://github.com/sigstore/root-signing", withCa))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ca-file");
  }

  @Test
  void reportsAnUnreadableCaFile() {
    SourceOptions withCa = options().toBuilder().caFile(tmp.resolve("missing.pem")).build();
    assertThatThrownBy(() -> RepositorySources.open("https://mirror.example/", withCa))
        .isInstanceOf(java.io.IOException.class);
  }
}
