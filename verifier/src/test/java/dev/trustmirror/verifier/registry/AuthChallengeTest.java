package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthChallengeTest {

  @Test
  void parsesDistributionsBearerChallenge() throws Exception {
    List<AuthChallenge> challenges =
        AuthChallenge.parseAll(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:samalba/my-app:pull,push\",error=\"insufficient_scope\"");
    assertThat(challenges).hasSize(1);
    AuthChallenge bearer = challenges.get(0);
    assertThat(bearer.scheme()).isEqualTo("bearer");
    assertThat(bearer.params())
        .containsExactly(
            Map.entry("realm", "https://auth.docker.io/token"),
            Map.entry("service", "registry.docker.io"),
            Map.entry("scope", "repository:samalba/my-app:pull,push"),
            Map.entry("error", "insufficient_scope"));
  }

  @Test
  void toleratesCaseSpacesTokensEscapesAndSeveralChallenges() throws Exception {
    List<AuthChallenge> challenges =
        AuthChallenge.parseAll(
            "  BASIC   Realm = \"a \\\"quoted\\\" realm\" , charset=UTF-8 ,"
                + " bEaReR realm=\"https://h/t?x=1\",service=svc,, Negotiate");
    assertThat(challenges)
        .extracting(AuthChallenge::scheme)
        .containsExactly("basic", "bearer", "negotiate");
    assertThat(challenges.get(0).param("realm")).contains("a \"quoted\" realm");
    assertThat(challenges.get(0).param("charset")).contains("UTF-8");
    assertThat(challenges.get(1).param("service")).contains("svc");
    assertThat(challenges.get(2).params()).isEmpty();
  }

  @Test
  void anEmptyHeaderHasNoChallenge() throws Exception {
    assertThat(AuthChallenge.parseAll("")).isEmpty();
    assertThat(AuthChallenge.parseAll(" , ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer realm=\"unterminated",
        "Bearer realm=",
        "Bearer realm=\"a\" service=\"b\"x",
        "Bearer realm=\"a\",realm=\"b\"",
        "\"quoted\" realm=x",
        "Bearer realm=\"a\u0001b\"",
        "Bearer realm=\"x\";service=y",
        "{}",
        "Bearer realm=\"x\\"
      })
  void refusesGarbage(String header) {
    assertThatThrownBy(() -> AuthChallenge.parseAll(header))
        .isInstanceOf(AuthChallenge.SyntaxException.class);
  }
}
