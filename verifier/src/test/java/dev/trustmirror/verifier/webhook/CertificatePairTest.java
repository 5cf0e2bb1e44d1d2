package dev.trustmirror.verifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trustmirror.testkit.registry.TestCertificates;
import dev.trustmirror.verifier.webhook.CertificatePairException.Problem;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Random;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CertificatePair}: what the server accepts as its certificate and key, and what not. */
class CertificatePairTest {
  @TempDir Path dir;

  private final TestCertificates ca = TestCertificates.newCa("pair");
  private Path cert;
  private Path key;

  @BeforeEach
  void write() throws Exception {
    cert = dir.resolve("tls.crt");
    key = dir.resolve("tls.key");
    TestCertificates.write(ca.issueServer(), cert, key);
  }

  private CertificatePairException refusal() {
    return catchThrowableOfType(
        () -> CertificatePair.read(cert, key), CertificatePairException.class);
  }

  @Test
  void readsAPkcs8PairAndHashesBothFiles() throws Exception {
    CertificatePair pair = CertificatePair.read(cert, key);
    String before = pair.sha256();
    Files.writeString(key, Files.readString(key) + "\n");

    assertThat(pair.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
    assertThat(new String(pair.pkcs8Pem(), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(CertificatePair.read(cert, key).sha256()).isNotEqualTo(before);
  }

  @Test
  void readsAnSec1EcKeyAsCertManagerWritesIt() throws Exception {
    TestCertificates.Issued issued = ca.issueServer();
    TestCertificates.write(issued, cert, key);
    // SEC1 as openssl and cert-manager write it: the curve named in the structure
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
            issued.key().getPrivate().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey structure =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            ((java.security.interfaces.ECPrivateKey) issued.key().getPrivate()).getS(),
            info.getPrivateKeyAlgorithm().getParameters());
    String sec1 =
        "-----BEGIN EC PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(structure.getEncoded())
            + "\n-----END EC PRIVATE KEY-----\n";
    Files.writeString(key, sec1);

    CertificatePair pair = CertificatePair.read(cert, key);

    assertThat(sec1).contains("BEGIN EC PRIVATE KEY");
    assertThat(pair.leaf().getSerialNumber()).isEqualTo(issued.certificate().getSerialNumber());
  }

  @Test
  void refusesAMissingFile() throws Exception {
    Files.delete(key);

    CertificatePairException e = refusal();

    assertThat(e.problem()).isEqualTo(Problem.UNREADABLE);
    assertThat(e.file()).isEqualTo(key);
  }

  @Test
  void refusesEmptyTruncatedAndRandomCertificates() throws Exception {
    String whole = Files.readString(cert);
    byte[] noise = new byte[512];
    new Random(3).nextBytes(noise);
    for (byte[] broken :
        new byte[][] {
          new byte[0],
          whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.US_ASCII),
          noise,
          Files.readAllBytes(key)
        }) {
      Files.write(cert, broken);

      CertificatePairException e = refusal();

      assertThat(e.problem()).isEqualTo(Problem.NO_CERTIFICATE);
      assertThat(e.file()).isEqualTo(cert);
    }
  }

  @Test
  void refusesKeysThatAreAbsentBrokenOrNotPrivate() throws Exception {
    String whole = Files.readString(key);
    for (String broken :
        new String[] {
          "",
          "not a key",
          whole.substring(0, whole.length() / 2),
          Files.readString(cert),
          "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        }) {
      Files.writeString(key, broken);

      CertificatePairException e = refusal();

      assertThat(e.problem()).as(broken).isEqualTo(Problem.NO_KEY);
      assertThat(e.file()).isEqualTo(key);
    }
  }

  @Test
  void refusesAKeyOfAnotherCertificate() throws Exception {
    Path other = dir.resolve("other.key");
    TestCertificates.write(ca.issueServer(), dir.resolve("other.crt"), other);
    Files.copy(other, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    CertificatePairException e = refusal();

    assertThat(e.problem()).isEqualTo(Problem.KEY_MISMATCH);
    assertThat(e.file()).isEqualTo(key);
  }

  @Test
  void refusesAKeyOfAnotherAlgorithm() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(rsa.generateKeyPair().getPrivate());
    }
    Files.writeString(key, pem.toString());

    assertThat(refusal().problem()).isEqualTo(Problem.KEY_MISMATCH);
  }
}
