package dev.trustmirror.testkit.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestKeyTest {

  private final TestKey key = TestKey.generate();

  @Test
  void describesItselfAsSigstoreStyleEcdsaKey() {
    assertThat(key.tufKey().get("keytype").asText()).isEqualTo("ecdsa");
    assertThat(key.tufKey().get("scheme").asText()).isEqualTo("ecdsa-sha2-nistp256");
    assertThat(key.tufKey().at("/keyval/public").asText()).isEqualTo(key.publicKeyPem());
    assertThat(key.tufKey().properties()).hasSize(3);
  }

  @Test
  void writesPemWith64CharacterLinesAndTrailingNewline() {
    String[] lines = key.publicKeyPem().split("\n");
    assertThat(lines[0]).isEqualTo("-----BEGIN PUBLIC KEY-----");
    assertThat(lines[lines.length - 1]).isEqualTo("-----END PUBLIC KEY-----");
    assertThat(lines[1]).hasSize(64);
    assertThat(key.publicKeyPem()).endsWith("-----\n");
  }

  @Test
  void keyIdIsSha256OfCanonicalKeyObject() {
    assertThat(key.keyId())
        .isEqualTo(Digests.sha256Hex(CanonicalJson.encode(key.tufKey())))
        .hasSize(64);
  }

  @Test
  void signsWithHexDerEcdsaThatVerifiesWithTheTufKey() {
    byte[] data = "signed bytes".getBytes(StandardCharsets.UTF_8);
    String signature = key.sign(data);

    assertThat(signature).startsWith("30").matches("[0-9a-f]+");
    assertThat(SignatureChecks.verifies(key.tufKey(), data, signature)).isTrue();
    assertThat(SignatureChecks.verifies(TestKey.generate().tufKey(), data, signature)).isFalse();
  }
}
