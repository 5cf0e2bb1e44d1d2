package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpSourceTest {

  @Test
  void describesItselfByItsBaseUrl() throws Exception {
    assertThat(
            HttpSource.create(
                    URI.create("https://tuf-repo-cdn.sigstore.dev"), SourceOptions.defaults())
                .describe())
        .isEqualTo("https://tuf-repo-cdn.sigstore.dev/");
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
  void refusesTraversalBeforeAnyRequest() throws Exception {
    HttpSource source =
        HttpSource.create(URI.create("http://127.0.0.1:9/"), SourceOptions.defaults());
    assertThatThrownBy(() -> source.fetch("../x", 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> source.fetch("/etc/passwd", 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
