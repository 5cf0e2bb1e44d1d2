package dev.trustmirror.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyVerifierTest {
  private static final byte[] DATA = "{\"signed\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void ecdsaPemAndHexFormsVerifyAndRefuseOtherBytes() throws Exception {
    KeyPair kp = generate("EC", new ECGenParameterSpec("secp256r1"));
    byte[] sig = sign("SHA256withECDSA", kp, DATA);
    KeyVerifier pem =
        KeyVerifier.of("ecdsa", "ecdsa-sha2-nistp256", Map.of("public", pem(kp))).orElseThrow();
    assertThat(pem.verify(DATA, sig)).isTrue();
    assertThat(pem.verify("{\"signed\":2}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();

    ECPublicKey pub = (ECPublicKey) kp.getPublic();
    String hex =
        "04"
            + HexFormat.of().formatHex(fixed(pub.getW().getAffineX().toByteArray()))
            + HexFormat.of().formatHex(fixed(pub.getW().getAffineY().toByteArray()));
    KeyVerifier fromHex =
        KeyVerifier.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", Map.of("public", hex))
            .orElseThrow();
    assertThat(fromHex.verify(DATA, sig)).isTrue();
  }

  @Test
  void ed25519RawHexAndPemVerify() throws Exception {
    KeyPair kp = generate("Ed25519", null);
    byte[] sig = sign("Ed25519", kp, DATA);
    byte[] spki = kp.getPublic().getEncoded();
    String hex = HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    assertThat(
            KeyVerifier.of("ed25519", "ed25519", Map.of("public", hex))
                .orElseThrow()
                .verify(DATA, sig))
        .isTrue();
    assertThat(
            KeyVerifier.of("ed25519", "ed25519", Map.of("public", pem(kp)))
                .orElseThrow()
                .verify(DATA, sig))
        .isTrue();
  }

  @Test
  void rsaPssGoesThroughSigstoreJava() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    s.initSign(kp.getPrivate());
    s.update(DATA);
    byte[] sig = s.sign();
    KeyVerifier v =
        KeyVerifier.of("rsa", "rsassa-pss-sha256", Map.of("public", pem(kp))).orElseThrow();
    assertThat(v.verify(DATA, sig)).isTrue();
    assertThat(v.verify(DATA, Arrays.copyOf(sig, sig.length))).isTrue();
    sig[10] ^= 1;
    assertThat(v.verify(DATA, sig)).isFalse();
  }

  @Test
  void unusableKeysGiveNoVerifier() throws Exception {
    KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
    KeyPair ed = generate("Ed25519", null);
    // a key of another type under an EC scheme, a wrong scheme, garbage, no value
    assertThat(KeyVerifier.of("ecdsa", "ecdsa-sha2-nistp256", Map.of("public", pem(ed)))).isEmpty();
    assertThat(KeyVerifier.of("ed25519", "ed25519", Map.of("public", pem(ec)))).isEmpty();
    assertThat(KeyVerifier.of("ecdsa", "ecdsa-sha2-nistp256", Map.of("public", "zz"))).isEmpty();
    assertThat(
            KeyVerifier.of(
                "ecdsa",
                "ecdsa-sha2-nistp256",
                Map.of("public", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n")))
        .isEmpty();
    assertThat(KeyVerifier.of("ecdsa", "ecdsa-sha2-nistp256", Map.of())).isEmpty();
    assertThat(KeyVerifier.of("dsa", "dsa-sha1", Map.of("public", pem(ec)))).isEmpty();
  }

  @Test
  void malformedSignatureThrowsOrFailsButNeverVerifies() throws Exception {
    KeyPair kp = generate("EC", new ECGenParameterSpec("secp256r1"));
    KeyVerifier v =
        KeyVerifier.of("ecdsa", "ecdsa-sha2-nistp256", Map.of("public", pem(kp))).orElseThrow();
    boolean verified;
    try {
      verified = v.verify(DATA, new byte[] {0x30, 0x02, 0x01});
    } catch (java.security.SignatureException e) {
      verified = false;
    }
    assertThat(verified).isFalse();
  }

  private static byte[] fixed(byte[] unsigned) {
    byte[] out = new byte[32];
    int n = Math.min(32, unsigned.length);
    System.arraycopy(unsigned, unsigned.length - n, out, 32 - n, n);
    return out;
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec spec) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (spec != null) {
      g.initialize(spec);
    }
    return g.generateKeyPair();
  }

  private static byte[] sign(String algorithm, KeyPair kp, byte[] data) throws Exception {
    Signature s = Signature.getInstance(algorithm);
    s.initSign(kp.getPrivate());
    s.update(data);
    return s.sign();
  }

  private static String pem(KeyPair kp) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
