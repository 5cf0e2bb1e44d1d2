package dev.trustmirror.verifier.webhook;

import dev.trustmirror.verifier.webhook.CertificatePairException.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A PEM certificate chain and its private key as read from the files, checked before the server
 * uses them: the chain decodes, the key decodes (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted), and
 * the key signs what the first certificate's public key verifies. The key is handed to Vert.x
 * re-encoded as PKCS#8, whatever the file's format.
 *
 * @param chain the certificates, leaf first
 * @param pkcs8Pem the private key as a PKCS#8 PEM
 * @param certificatePem the certificate file's bytes
 * @param sha256 hex SHA-256 over both files' bytes: a change of either changes it
 */
record CertificatePair(
    List<X509Certificate> chain, byte[] pkcs8Pem, byte[] certificatePem, String sha256) {

  private static final byte[] PROBE =
      "trust-mirror webhook: does this key belong to this certificate?"
          .getBytes(StandardCharsets.US_ASCII);

  /** The leaf certificate. */
  X509Certificate leaf() {
    return chain.get(0);
  }

  /** What Vert.x serves: this pair, HTTP/2 offered by ALPN. */
  ServerSSLOptions sslOptions() {
    return new ServerSSLOptions().setKeyCertOptions(keyCertOptions()).setUseAlpn(true);
  }

  PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(certificatePem))
        .setKeyValue(Buffer.buffer(pkcs8Pem));
  }

  /** One line for logs: subject, serial and expiry of the leaf. */
  String describe() {
    X509Certificate leaf = leaf();
    return "certificate "
        + leaf.getSubjectX500Principal().getName()
        + " serial "
        + leaf.getSerialNumber().toString(16)
        + " valid until "
        + leaf.getNotAfter().toInstant();
  }

  /** Reads and checks the pair. Blocking. */
  static CertificatePair read(Path certificateFile, Path keyFile) throws CertificatePairException {
    byte[] certificate = readFile(certificateFile);
    byte[] key = readFile(keyFile);
    List<X509Certificate> chain = parseChain(certificate, certificateFile);
    PrivateKey privateKey = parseKey(key, keyFile);
    checkMatch(chain.get(0), privateKey, keyFile);
    return new CertificatePair(chain, pkcs8Pem(privateKey), certificate, sha256(certificate, key));
  }

  /** Hex SHA-256 of both files' contents, length-prefixed so no two pairs share it. */
  static String sha256(byte[] certificate, byte[] key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Long.toString(certificate.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) '\n');
      digest.update(certificate);
      digest.update(key);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static byte[] readFile(Path file) throws CertificatePairException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CertificatePairException(Problem.UNREADABLE, file, "it cannot be read: " + e, e);
    }
  }

  private static List<X509Certificate> parseChain(byte[] pem, Path file)
      throws CertificatePairException {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
    } catch (CertificateException | RuntimeException e) {
      throw new CertificatePairException(
          Problem.NO_CERTIFICATE, file, "it holds no decodable X.509 certificate: " + e, e);
    }
    if (certificates.isEmpty()) {
      throw new CertificatePairException(
          Problem.NO_CERTIFICATE, file, "it holds no certificate", null);
    }
    return certificates.stream().map(c -> (X509Certificate) c).toList();
  }

  private static PrivateKey parseKey(byte[] pem, Path file) throws CertificatePairException {
    Object parsed;
    try (Reader reader =
            new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (parsed instanceof PEMKeyPair pair) {
        // SEC1 and PKCS#1: only the private half is needed (SEC1 may omit the public key)
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException | RuntimeException e) {
      throw new CertificatePairException(
          Problem.NO_KEY, file, "it holds no decodable PEM private key: " + e, e);
    }
    throw new CertificatePairException(
        Problem.NO_KEY,
        file,
        parsed == null
            ? "it holds no PEM private key"
            : "it holds a "
                + parsed.getClass().getSimpleName()
                + ", not an unencrypted private key (PKCS#8, RSA or EC)",
        null);
  }

  private static void checkMatch(X509Certificate leaf, PrivateKey key, Path keyFile)
      throws CertificatePairException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default -> "";
        };
    if (algorithm.isEmpty()) {
      throw new CertificatePairException(
          Problem.NO_KEY,
          keyFile,
          "its key algorithm " + key.getAlgorithm() + " is not served",
          null);
    }
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(PROBE);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      matches = false;
    }
    if (!matches) {
      throw new CertificatePairException(
          Problem.KEY_MISMATCH,
          keyFile,
          "its key is not the key of the certificate "
              + leaf.getSubjectX500Principal().getName()
              + " (serial "
              + leaf.getSerialNumber().toString(16)
              + ")",
          null);
    }
  }

  private static byte[] pkcs8Pem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
