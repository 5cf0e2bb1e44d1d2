package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {
  private static final String HEX64 = "a".repeat(64);
  private static final String HEX128 = "0123456789abcdef".repeat(8);

  @Test
  void parsesSha256AndSha512() throws Exception {
    Digest sha256 = Digest.parse("sha256:" + HEX64);
    assertThat(sha256.algorithm()).isEqualTo(Digest.Algorithm.SHA256);
    assertThat(sha256.hex()).isEqualTo(HEX64);
    assertThat(sha256).hasToString("sha256:" + HEX64);
    Digest sha512 = Digest.parse("sha512:" + HEX128);
    assertThat(sha512.algorithm()).isEqualTo(Digest.Algorithm.SHA512);
    assertThat(sha512).isEqualTo(Digest.parse("sha512:" + HEX128));
  }

  @Test
  void hashesContentLikeSha256sum() {
    // printf 'hello' | sha256sum
    assertThat(Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)))
        .hasToString("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(Digest.sha256(new byte[0]).matches(new byte[0])).isTrue();
    assertThat(Digest.sha256(new byte[0]).matches(new byte[1])).isFalse();
  }

  @Test
  void referrersTagCutsSha512ToSixtyFourHexCharacters() throws Exception {
    assertThat(Digest.parse("sha256:" + HEX64).referrersTagName()).isEqualTo("sha256-" + HEX64);
    assertThat(Digest.parse("sha512:" + HEX128).referrersTagName())
        .isEqualTo("sha512-" + HEX128.substring(0, 64));
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("", InvalidDigestException.Rule.MISSING_ALGORITHM),
        Arguments.of(HEX64, InvalidDigestException.Rule.MISSING_ALGORITHM),
        Arguments.of(":" + HEX64, InvalidDigestException.Rule.MISSING_ALGORITHM),
        Arguments.of("md5:" + "a".repeat(32), InvalidDigestException.Rule.UNSUPPORTED_ALGORITHM),
        Arguments.of("SHA256:" + HEX64, InvalidDigestException.Rule.UNSUPPORTED_ALGORITHM),
        Arguments.of("sha384:" + "a".repeat(96), InvalidDigestException.Rule.UNSUPPORTED_ALGORITHM),
        Arguments.of("sha256:" + "a".repeat(63), InvalidDigestException.Rule.WRONG_LENGTH),
        Arguments.of("sha256:" + "a".repeat(65), InvalidDigestException.Rule.WRONG_LENGTH),
        Arguments.of("sha256:", InvalidDigestException.Rule.WRONG_LENGTH),
        Arguments.of("sha512:" + HEX64, InvalidDigestException.Rule.WRONG_LENGTH),
        Arguments.of("sha256:" + "A".repeat(64), InvalidDigestException.Rule.INVALID_HEX),
        Arguments.of("sha256:" + "g".repeat(64), InvalidDigestException.Rule.INVALID_HEX),
        Arguments.of("sha256:" + "a".repeat(63) + "\n", InvalidDigestException.Rule.INVALID_HEX),
        Arguments.of("sha256:" + "a".repeat(62) + ":a", InvalidDigestException.Rule.INVALID_HEX),
        Arguments.of("sha256:" + "\u0660".repeat(64), InvalidDigestException.Rule.INVALID_HEX));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void refusesMalformedDigestsWithTheRuleTheyBreak(String input, InvalidDigestException.Rule rule) {
    assertThatThrownBy(() -> Digest.parse(input))
        .isInstanceOfSatisfying(
            InvalidDigestException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.input()).isEqualTo(input);
              assertThat(e.getMessage()).doesNotContain("\n");
            });
  }
}
