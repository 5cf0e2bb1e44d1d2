package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishedPathsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "timestamp.json",
        "10.root.json",
        "8.registry.npmjs.org.json",
        "targets/registry.npmjs.org/7a8e.keys.json",
        "targets/a..b.json"
      })
  void acceptsPublishedPaths(String path) {
    assertThat(PublishedPaths.check(path)).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/etc/passwd",
        "..",
        "../x.json",
        "targets/../../x",
        "targets/..",
        "./timestamp.json",
        "targets//x",
        "targets/",
        "targets\\x",
        "..\\x",
        "x\u0000.json",
        "x\n.json"
      })
  void refusesPathsThatCouldLeaveTheRepository(String path) {
    assertThatThrownBy(() -> PublishedPaths.check(path))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
