package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MirrorUrlTest {

  @Test
  void joinsTheBaseUrlAndPercentEncodesEachSegment() {
    MirrorUrl url = MirrorUrl.parse(URI.create("https://mirror.example/tuf"));
    assertThat(url.resolve("targets/registry.npmjs.org/ab.keys.json"))
        .hasToString("https://mirror.example/tuf/targets/registry.npmjs.org/ab.keys.json");
    assertThat(url.resolve("targets/a b+c?d#e%f.json"))
        .hasToString("https://mirror.example/tuf/targets/a%20b%2Bc%3Fd%23e%25f.json");
    assertThat(url.resolve("targets/é.json"))
        .hasToString("https://mirror.example/tuf/targets/%C3%A9.json");
    assertThat(url.isHttps()).isTrue();
  }

  @Test
  void keepsATrailingSlashOnce() {
    MirrorUrl url = MirrorUrl.parse(URI.create("http://mirror.example/"));
    assertThat(url.resolve("timestamp.json")).hasToString("http://mirror.example/timestamp.json");
    assertThat(url).hasToString("http://mirror.example/");
    assertThat(url.isHttps()).isFalse();
  }

  @Test
  void neverPrintsCredentials() {
    assertThatThrownBy(() -> MirrorUrl.parse(URI.create("https://u:secret@host/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://host/?x=1", "https://host/#f", "ftp://host/", "https:/path"})
  void refusesUrlsItCannotUse(String url) {
    assertThatThrownBy(() -> MirrorUrl.parse(URI.create(url)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
