package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceOptionsTest {

  @Test
  void hasDocumentedDefaults() {
    SourceOptions options = SourceOptions.defaults();
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.retries()).isEqualTo(3);
    assertThat(options.backoffBase()).isEqualTo(Duration.ofMillis(200));
    assertThat(options.proxy()).isEmpty();
    assertThat(options.caFile()).isEmpty();
    assertThat(options.gitRef()).isEqualTo("main");
    assertThat(options.gitPath()).isEmpty();
    assertThat(options.gitCacheDir().endsWith(java.nio.file.Path.of("trust-mirror", "git")))
        .isTrue();
  }

  @Test
  void backoffDoublesFromTheBaseUpToAMinute() {
    SourceOptions options = SourceOptions.defaults();
    assertThat(options.backoffDelay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(options.backoffDelay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(options.backoffDelay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(options.backoffDelay(20)).isEqualTo(SourceOptions.MAX_BACKOFF);
    assertThat(options.backoffDelay(1000)).isEqualTo(SourceOptions.MAX_BACKOFF);
  }

  @Test
  void retryAfterLongerThanTheBackoffWinsButIsCapped() {
    SourceOptions options = SourceOptions.defaults();
    assertThat(HttpSource.retryDelay(options, 1, Optional.of(Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(HttpSource.retryDelay(options, 3, Optional.of(Duration.ofMillis(1))))
        .isEqualTo(Duration.ofMillis(800));
    assertThat(HttpSource.retryDelay(options, 1, Optional.of(Duration.ofHours(1))))
        .isEqualTo(SourceOptions.MAX_BACKOFF);
  }

  @Test
  void normalizesTheGitPath() {
    assertThat(SourceOptions.builder().gitPath("/repository/").build().gitPath())
        .isEqualTo("repository");
    assertThat(SourceOptions.builder().gitPath("/").build().gitPath()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../b", "a\\b"})
  void refusesGitPathsLeavingTheRepository(String path) {
    assertThatThrownBy(() -> SourceOptions.builder().gitPath(path).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://proxy:3128",
        "socks5://proxy:1080",
        "http://user:pw@proxy:3128",
        "http://proxy:3128/path"
      })
  void refusesProxiesTheHttpClientCannotUse(String proxy) {
    assertThatThrownBy(() -> SourceOptions.builder().proxy(URI.create(proxy)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void proxyPortDefaultsTo80() {
    assertThat(SourceOptions.builder().proxy(URI.create("http://bastion")).build().proxyPort())
        .isEqualTo(80);
    assertThat(
            SourceOptions.builder().proxy(URI.create("http://bastion:3128/")).build().proxyPort())
        .isEqualTo(3128);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> SourceOptions.builder().retries(-1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceOptions.builder().readTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceOptions.builder().gitRef("").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceOptions.builder().gitRef("main..x").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    SourceOptions options =
        SourceOptions.builder()
            .retries(7)
            .proxy(URI.create("http://bastion:3128"))
            .gitRef("v1")
            .gitPath("repo")
            .build();
    assertThat(options.toBuilder().build()).isEqualTo(options);
  }
}
