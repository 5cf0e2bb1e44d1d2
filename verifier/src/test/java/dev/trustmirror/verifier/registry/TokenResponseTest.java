package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseTest {
  private static TokenResponse parse(String json) throws Exception {
    return TokenResponse.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTokenOrAccessTokenAndTheLifetime() throws Exception {
    TokenResponse token =
        parse("{\"token\":\"abc.def.ghi\",\"expires_in\":300,\"issued_at\":\"x\"}");
    assertThat(token.token()).isEqualTo("abc.def.ghi");
    assertThat(token.expiresIn()).isEqualTo(Duration.ofSeconds(300));
    assertThat(parse("{\"access_token\":\"oauth\"}").token()).isEqualTo("oauth");
    assertThat(parse("{\"token\":\"\",\"access_token\":\"oauth\"}").token()).isEqualTo("oauth");
    assertThat(parse("{\"token\":\"t\"}").expiresIn()).isEqualTo(TokenResponse.DEFAULT_LIFETIME);
    assertThat(parse("{\"token\":\"t\",\"expires_in\":999999999}").expiresIn())
        .isEqualTo(TokenResponse.MAX_LIFETIME);
    assertThat(parse("{\"token\":\"secret\"}").toString()).doesNotContain("secret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "<html>login</html>",
        "[]",
        "{}",
        "{\"token\":7}",
        "{\"token\":\"\"}",
        "{\"token\":\"has space\"}",
        "{\"token\":\"line\\nbreak\"}",
        "{\"token\":\"t\",\"expires_in\":0}",
        "{\"token\":\"t\",\"expires_in\":-5}",
        "{\"token\":\"t\",\"expires_in\":\"60\"}",
        "{\"token\":\"t\",\"expires_in\":1.5}"
      })
  void refusesBodiesThatAreNotTokenResponses(String body) {
    assertThatThrownBy(() -> parse(body)).isInstanceOf(TokenResponse.MalformedException.class);
  }

  @Test
  void refusesHugeTokens() {
    String huge = "{\"token\":\"" + "a".repeat(TokenResponse.MAX_TOKEN_LENGTH + 1) + "\"}";
    assertThatThrownBy(() -> parse(huge)).isInstanceOf(TokenResponse.MalformedException.class);
  }
}
