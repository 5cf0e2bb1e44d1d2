package dev.trustmirror.testkit.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String canonical(String json) throws Exception {
    return new String(CanonicalJson.encode(MAPPER.readTree(json)), StandardCharsets.UTF_8);
  }

  @Test
  void sortsKeysAndDropsWhitespace() throws Exception {
    assertThat(canonical("{ \"b\" : 1, \"a\" : { \"d\" : [ 1, 2 ], \"c\" : null } }"))
        .isEqualTo("{\"a\":{\"c\":null,\"d\":[1,2]},\"b\":1}");
  }

  @Test
  void keepsArrayOrder() throws Exception {
    assertThat(canonical("[3, 1, 2]")).isEqualTo("[3,1,2]");
  }

  @Test
  void escapesOnlyQuoteAndBackslash() throws Exception {
    assertThat(canonical("\"a\\\"b\\\\c\\nd\\te\\u0001\""))
        .isEqualTo("\"a\\\"b\\\\c\nd\te\u0001\"");
  }

  @Test
  void writesPemNewlinesRaw() {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.put("public", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertThat(new String(CanonicalJson.encode(key), StandardCharsets.UTF_8))
        .isEqualTo("{\"public\":\"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n\"}");
  }

  @Test
  void writesNonAsciiAsRawUtf8() throws Exception {
    assertThat(CanonicalJson.encode(MAPPER.readTree("\"\\u00e9\"")))
        .containsExactly('"', 0xc3 - 256, 0xa9 - 256, '"');
  }

  @Test
  void sortsKeysByCodePointLikePython() throws Exception {
    // U+FF21 sorts before U+1F600 by code point, but after it by UTF-16 unit (0xD83D)
    assertThat(canonical("{\"\\ud83d\\ude00\":1,\"\\uff21\":2,\"Z\":3,\"a\":4}"))
        .isEqualTo("{\"Z\":3,\"a\":4,\"\uff21\":2,\"\ud83d\ude00\":1}");
  }

  @Test
  void writesBooleansAndBigIntegers() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("t", true)
        .put("f", false)
        .put("big", new BigInteger("123456789012345678901234567890"));
    assertThat(new String(CanonicalJson.encode(node), StandardCharsets.UTF_8))
        .isEqualTo("{\"big\":123456789012345678901234567890,\"f\":false,\"t\":true}");
  }

  @Test
  void refusesFractionalNumbers() throws Exception {
    assertThatThrownBy(() -> CanonicalJson.encode(MAPPER.readTree("{\"x\":1.5}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }

  @Test
  void refusesUnpairedSurrogates() {
    assertThatThrownBy(() -> CanonicalJson.encode(JsonNodeFactory.instance.textNode("\ud800")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
