package dev.trustmirror.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;

class PemKeysTest {
  static final byte[] MESSAGE = "manifest".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsSec1AndPkcs8PrivateKeysAsTheSameKey() throws Exception {
    PrivateKey sec1 = PemKeys.privateKey(TestKeys.pem("admin-sec1.pem"), "sec1");
    PrivateKey pkcs8 = PemKeys.privateKey(TestKeys.pem("admin-pkcs8.pem"), "pkcs8");
    assertThat(((ECPrivateKey) sec1).getS()).isEqualTo(((ECPrivateKey) pkcs8).getS());
    byte[] sig = ManifestSignature.sign(MESSAGE, pkcs8);
    assertThat(ManifestSignature.verify(MESSAGE, sig, TestKeys.adminPublic())).isTrue();
  }

  @Test
  void readsAKeyWithItsEcParametersBlock() throws Exception {
    PrivateKey key =
        PemKeys.privateKey(TestKeys.pem("admin-sec1-with-params.pem"), "with-params.pem");
    byte[] sig = ManifestSignature.sign(MESSAGE, key);
    assertThat(ManifestSignature.verify(MESSAGE, sig, TestKeys.otherPublic())).isTrue();
    assertThat(ManifestSignature.verify(MESSAGE, sig, TestKeys.adminPublic())).isFalse();
  }

  @Test
  void readsThePublicKeyOfACertificate() throws Exception {
    assertThat(PemKeys.publicKey(TestKeys.pem("admin-cert.pem"), "cert").getEncoded())
        .isEqualTo(TestKeys.adminPublic().getEncoded());
  }

  @Test
  void signsDeterministically() throws Exception {
    assertThat(ManifestSignature.sign(MESSAGE, TestKeys.admin()))
        .isEqualTo(ManifestSignature.sign(MESSAGE, TestKeys.admin()));
  }

  @Test
  void refusesOtherCurvesAlgorithmsEncryptedKeysAndNonPem() {
    assertThatThrownBy(() -> PemKeys.privateKey(TestKeys.pem("p384-sec1.pem"), "p384.pem"))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("p384.pem")
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> PemKeys.publicKey(TestKeys.pem("p384-pub.pem"), "p384-pub.pem"))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> PemKeys.privateKey(TestKeys.pem("rsa.pem"), "rsa.pem"))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("P-256");
    assertThatThrownBy(() -> PemKeys.privateKey(TestKeys.pem("admin-encrypted.pem"), "enc.pem"))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> PemKeys.publicKey(TestKeys.pem("admin-sec1.pem"), "sec1.pem"))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("no public key");
    assertThatThrownBy(() -> PemKeys.publicKey("hello".getBytes(StandardCharsets.UTF_8), "x"))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("not a PEM file");
  }
}
