package dev.trustmirror.bundles;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the admin's ECDSA P-256 keys from PEM, as OpenSSL writes them: a private key as PKCS#8
 * ({@code BEGIN PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}, from {@code openssl ecparam
 * -genkey -name prime256v1}, with or without its {@code EC PARAMETERS} block); a public key as
 * {@code BEGIN PUBLIC KEY} or a certificate. Encrypted keys and other curves are refused with a
 * message that says what to do.
 */
public final class PemKeys {
  private static final BigInteger P256_ORDER =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  private PemKeys() {}

  /**
   * The private key in {@code pem}.
   *
   * @param name the file's name for messages
   * @throws InvalidKeyException when it is not an unencrypted P-256 private key
   */
  public static PrivateKey privateKey(byte[] pem, String name) throws InvalidKeyException {
    Object o = firstKeyObject(pem, name);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      PrivateKey key;
      if (o instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else if (o instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new InvalidKeyException(
            name
                + " holds an encrypted private key; decrypt it first (openssl pkey -in KEY -out"
                + " PLAIN) and keep the plain copy on the offline machine only");
      } else {
        throw new InvalidKeyException(
            name
                + " holds no private key (found "
                + describe(o)
                + "); expected BEGIN PRIVATE KEY"
                + " or BEGIN EC PRIVATE KEY");
      }
      return requireP256(key, name);
    } catch (IOException e) {
      throw new InvalidKeyException(name + " holds a damaged private key: " + e.getMessage(), e);
    }
  }

  /**
   * The public key in {@code pem}: {@code BEGIN PUBLIC KEY} or the key of a {@code BEGIN
   * CERTIFICATE}.
   *
   * @param name the file's name for messages
   * @throws InvalidKeyException when it is not a P-256 public key
   */
  public static PublicKey publicKey(byte[] pem, String name) throws InvalidKeyException {
    Object o = firstKeyObject(pem, name);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (o instanceof SubjectPublicKeyInfo info) {
        return requireP256(converter.getPublicKey(info), name);
      }
      if (o instanceof X509CertificateHolder cert) {
        return requireP256(converter.getPublicKey(cert.getSubjectPublicKeyInfo()), name);
      }
    } catch (IOException e) {
      throw new InvalidKeyException(name + " holds a damaged public key: " + e.getMessage(), e);
    }
    throw new InvalidKeyException(
        name
            + " holds no public key (found "
            + describe(o)
            + "); expected BEGIN PUBLIC KEY"
            + " (openssl ec -in KEY -pubout)");
  }

  /** The first PEM object that is not curve parameters. */
  private static Object firstKeyObject(byte[] pem, String name) throws InvalidKeyException {
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object o;
      do {
        o = parser.readObject();
      } while (o instanceof ASN1ObjectIdentifier); // `openssl ecparam` without -noout
      if (o == null) {
        throw new InvalidKeyException(name + " is not a PEM file (no -----BEGIN block)");
      }
      return o;
    } catch (IOException e) {
      throw new InvalidKeyException(name + " is not a readable PEM file: " + e.getMessage(), e);
    }
  }

  private static <K extends Key> K requireP256(K key, String name) throws InvalidKeyException {
    if (!(key instanceof ECKey ec) || !isP256(ec.getParams())) {
      throw new InvalidKeyException(
          name
              + " holds a "
              + key.getAlgorithm()
              + " key that is not on the P-256 curve; bundle signatures are ECDSA P-256"
              + " (openssl ecparam -genkey -name prime256v1 -noout)");
    }
    return key;
  }

  private static boolean isP256(ECParameterSpec params) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec p256 = p.getParameterSpec(ECParameterSpec.class);
      return params.getOrder().equals(P256_ORDER)
          && params.getCurve().equals(p256.getCurve())
          && params.getGenerator().equals(p256.getGenerator())
          && params.getCofactor() == p256.getCofactor();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always knows secp256r1", e);
    }
  }

  private static String describe(Object o) {
    return o.getClass().getSimpleName();
  }
}
