package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpSourceTest {

  @Test
  void joinsTheBaseUrlAndPercentEncodesEachSegment() throws Exception {
    HttpSource source =
        HttpSource.create(URI.create("https://mirror.example/tuf"), SourceOptions.defaults());
    assertThat(source.urlOf("targets/registry.npmjs.org/ab.keys.json"))
        .hasToString("https://mirror.example/tuf/targets/registry.npmjs.org/ab.keys.json");
    assertThat(source.urlOf("targets/a b+c?d#e%f.json"))
        .hasToString("https://mirror.example/tuf/targets/a%20b%2Bc%3Fd%23e%25f.json");
    assertThat(source.urlOf("targets/é.json"))
        .hasToString("https://mirror.example/tuf/targets/%C3%A9.json");
  }

  @Test
  void keepsATrailingSlashOnce() throws Exception {
    HttpSource source =
        HttpSource.create(URI.create("http://mirror.example/"), SourceOptions.defaults());
    assertThat(source.urlOf("timestamp.json")).hasToString("http://mirror.example/timestamp.json");
    assertThat(source.describe()).isEqualTo("http://mirror.example/");
  }

  @Test
  void namesTheProxyInItsDescription() throws Exception {
    HttpSource source =
        HttpSource.create(
            URI.create("https://tuf-repo-cdn.sigstore.dev"),
            SourceOptions.builder().proxy(URI.create("http://bastion:3128")).build());
    assertThat(source.describe())
        .isEqualTo("https://tuf-repo-cdn.sigstore.dev/ (through proxy http://bastion:3128)");
  }

  @Test
  void refusesUrlsItCannotUse() {
    assertThatThrownBy(
            () -> HttpSource.create(URI.create("https://u:p@host/"), SourceOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("u:p");
    assertThatThrownBy(
            () -> HttpSource.create(URI.create("https://host/?x=1"), SourceOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesTraversalBeforeAnyRequest() throws Exception {
    HttpSource source =
        HttpSource.create(URI.create("http://127.0.0.1:9/"), SourceOptions.defaults());
    assertThatThrownBy(() -> source.fetch("../x", 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
