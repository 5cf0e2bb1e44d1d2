package dev.trustmirror.verifier.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Policy inputs: PEM keys of every supported algorithm, refused keys, regexps, the identity. */
class VerificationPolicyTest {

  private static VerificationKey parse(String pem) throws InvalidPolicyException {
    return VerificationKey.parse(pem.getBytes(StandardCharsets.US_ASCII), "test.pub");
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void readsPemPublicKeysOfEverySupportedAlgorithm(KeyAlgorithm algorithm) throws Exception {
    SigningKey key = Fixtures.SIGSTORE.newKey(algorithm);

    VerificationKey parsed = parse(key.publicKeyPem());

    assertThat(parsed.publicKey().getEncoded()).isEqualTo(key.publicKey().getEncoded());
    assertThat(parsed.algorithm())
        .isEqualTo(
            switch (algorithm) {
              case ECDSA_P256 -> VerificationKey.Algorithm.ECDSA_P256;
              case ECDSA_P384 -> VerificationKey.Algorithm.ECDSA_P384;
              case RSA_2048 -> VerificationKey.Algorithm.RSA;
              case ED25519 -> VerificationKey.Algorithm.ED25519;
            });
    assertThat(parsed.fingerprint()).startsWith("sha256:").hasSize(71);
  }

  @Test
  void readsTheRealCosignKeys() {
    assertThat(RealData.key("cosign.pub").algorithm())
        .isEqualTo(VerificationKey.Algorithm.ECDSA_P256);
    assertThat(RealData.key("cosign.pub").fingerprint())
        .isNotEqualTo(RealData.key("cosign2.pub").fingerprint());
  }

  @Test
  void refusesWhatIsNotOnePemPublicKey() throws Exception {
    String key = Fixtures.SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256).publicKeyPem();
    for (String bad :
        List.of(
            "",
            "garbage",
            key + key,
            key.replace("PUBLIC KEY", "PRIVATE KEY"),
            "text before\n" + key)) {
      assertThatThrownBy(() -> parse(bad))
          .isInstanceOfSatisfying(
              InvalidPolicyException.class,
              e -> assertThat(e.rule()).isEqualTo(InvalidPolicyException.Rule.KEY_NOT_PEM));
    }
  }

  @Test
  void refusesWeakOrUnsupportedKeys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);
    for (byte[] der :
        List.of(
            rsa.generateKeyPair().getPublic().getEncoded(),
            dsa.generateKeyPair().getPublic().getEncoded(),
            new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})) {
      assertThatThrownBy(() -> parse(pem("PUBLIC KEY", der)))
          .isInstanceOfSatisfying(
              InvalidPolicyException.class,
              e -> assertThat(e.rule()).isEqualTo(InvalidPolicyException.Rule.KEY_UNSUPPORTED));
    }
  }

  @Test
  void refusesRegularExpressionsThatDoNotCompile() {
    assertThatThrownBy(() -> IdentityMatcher.regexp("(unclosed"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> assertThat(e.rule()).isEqualTo(InvalidPolicyException.Rule.INVALID_REGEX));
  }

  @Test
  void matchesRegularExpressionsAgainstWholeValuesOnly() throws Exception {
    IdentityMatcher matcher = IdentityMatcher.regexp("a.c");

    assertThat(matcher.matches("abc")).isTrue();
    assertThat(matcher.matches("xabcx")).isFalse();
    assertThat(IdentityMatcher.exact("a.c").matches("abc")).isFalse();
  }

  @Test
  void identifiesPoliciesByWhatTheyAccept() throws Exception {
    VerificationKey k1 = RealData.key("cosign.pub");
    VerificationKey k2 = RealData.key("cosign2.pub");
    var root = RealData.trustedRoot();
    KeylessIdentity exact = Fixtures.identity("https://idp", "a@b");
    KeylessIdentity regexp =
        new KeylessIdentity(IdentityMatcher.exact("https://idp"), IdentityMatcher.regexp("a@b"));
    // an issuer that contains what could look like the next field must not collide
    KeylessIdentity tricky1 = Fixtures.identity("x exact 1:y", "z");
    KeylessIdentity tricky2 = Fixtures.identity("x", "y exact 1:z");

    String base = new VerificationPolicy(List.of(k1), List.of(exact), false, root).identity();

    assertThat(new VerificationPolicy(List.of(k1), List.of(exact), false, root).identity())
        .isEqualTo(base);
    assertThat(
            List.of(
                base,
                new VerificationPolicy(List.of(k1), List.of(exact), true, root).identity(),
                new VerificationPolicy(List.of(k2), List.of(exact), false, root).identity(),
                new VerificationPolicy(List.of(k1, k2), List.of(exact), false, root).identity(),
                new VerificationPolicy(List.of(k1), List.of(regexp), false, root).identity(),
                new VerificationPolicy(List.of(), List.of(tricky1), false, root).identity(),
                new VerificationPolicy(List.of(), List.of(tricky2), false, root).identity()))
        .doesNotHaveDuplicates();
  }

  @Test
  void refusesAPolicyWithoutAnyAuthority() {
    assertThatThrownBy(
            () -> new VerificationPolicy(List.of(), List.of(), false, RealData.trustedRoot()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
