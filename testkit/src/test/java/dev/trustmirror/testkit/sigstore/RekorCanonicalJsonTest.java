package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.json.canonicalizer.JsonCanonicalizer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 8785 output, checked against sigstore-java's own JCS implementation. */
class RekorCanonicalJsonTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void matchesSigstoreJavasCanonicalizerOnAwkwardInput() throws Exception {
    String input =
        "{\"b\":[1,{\"z\":\"\\u0001\\t\\\"\\\\/é€😀\"}],\"a\":true,\"\\u20ac\":null,"
            + "\"\\ud83d\\ude00\":-12345678901234,\"\\uffff\":\"\\u007f\\u2028\",\"\":{}}";

    assertThat(new String(RekorCanonicalJson.encode(JSON.readTree(input)), StandardCharsets.UTF_8))
        .isEqualTo(new JsonCanonicalizer(input).getEncodedString());
  }

  @Test
  void escapesNewlineAsRfc8785AndRekorDoUnlikeSigstoreJavasCanonicalizer() throws Exception {
    String input = "{\"a\":\"x\\ny\"}";

    // RFC 8785 3.2.2.2 (and Rekor's Go canonicalizer) write \n; sigstore-java's fork writes a raw
    // newline. Rekor bodies and SET content never hold one, so both agree on every real entry.
    assertThat(new String(RekorCanonicalJson.encode(JSON.readTree(input)), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"x\\ny\"}");
    assertThat(new JsonCanonicalizer(input).getEncodedString()).isEqualTo("{\"a\":\"x\ny\"}");
  }

  @Test
  void sortsByUtf16CodeUnitsAndEscapesControlCharacters() throws Exception {
    String encoded =
        new String(
            RekorCanonicalJson.encode(
                JSON.readTree("{\"\\uffff\":1,\"\\ud83d\\ude00\":2,\"a\":\"\\u001f\\b\"}")),
            StandardCharsets.UTF_8);

    assertThat(encoded).isEqualTo("{\"a\":\"\\u001f\\b\",\"😀\":2,\"\uffff\":1}");
  }

  @Test
  void refusesFractionsRatherThanGuessingTheirForm() throws Exception {
    assertThatThrownBy(() -> RekorCanonicalJson.encode(JSON.readTree("{\"n\":1.5}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }
}
