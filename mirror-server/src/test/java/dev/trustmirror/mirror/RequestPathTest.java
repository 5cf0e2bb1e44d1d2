package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {
  @Test
  void decodesOrdinaryRepositoryPaths() {
    assertThat(RequestPath.decode("/timestamp.json")).hasValue("timestamp.json");
    assertThat(RequestPath.decode("/")).hasValue("");
    assertThat(RequestPath.decode("/targets/registry.npmjs.org/ab.keys.json"))
        .hasValue("targets/registry.npmjs.org/ab.keys.json");
    assertThat(RequestPath.decode("/8.registry%2Enpmjs.org.json"))
        .hasValue("8.registry.npmjs.org.json");
    assertThat(RequestPath.decode("/targets/caf%C3%A9")).hasValue("targets/café");
  }

  @Test
  void keepsATrailingSlashSoThatADirectoryIsSimplyNotFound() {
    assertThat(RequestPath.decode("/targets/")).hasValue("targets/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "timestamp.json",
        "/../state/trust.json",
        "/targets/../../state/trust.json",
        "/%2e%2e/state/trust.json",
        "/%2E%2e/x",
        "/.%2e/x",
        "/./timestamp.json",
        "/targets/..%2f..%2fstate/trust.json",
        "/targets%2f..",
        "/targets%2F..",
        "/timestamp.json%00",
        "/a%0ab",
        "/a\tb",
        "/..%5cstate",
        "/..\\state",
        "//timestamp.json",
        "/targets//x",
        "/%",
        "/%2",
        "/%zz",
        "/%c0%ae%c0%ae/x",
        "/%ff",
        "/é"
      })
  void refusesTraversalEncodedSeparatorsControlCharactersAndBadEncodings(String raw) {
    assertThat(RequestPath.decode(raw)).as(raw).isEmpty();
  }

  @Test
  void refusesOverlongPaths() {
    assertThat(RequestPath.decode("/" + "a".repeat(RequestPath.MAX_LENGTH))).isEmpty();
    assertThat(RequestPath.decode("/" + "a".repeat(RequestPath.MAX_LENGTH - 1))).isPresent();
  }

  @Test
  void doubleEncodingIsDecodedOnceOnly() {
    assertThat(RequestPath.decode("/%252e%252e/x")).hasValue("%2e%2e/x");
  }
}
