package dev.trustmirror.testkit.sigstore;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * A key pair that signs the way cosign and the Sigstore services do (see {@link KeyAlgorithm}),
 * with its randomness taken from the {@link SecureRandom} it was generated with, so that a seeded
 * random gives reproducible ECDSA signatures.
 */
public final class SigningKey {

  // DER DigestInfo prefix of SHA-256 (RFC 8017 9.2 note 1): what SHA256withRSA prepends.
  private static final byte[] SHA256_DIGEST_INFO = {
    0x30,
    0x31,
    0x30,
    0x0d,
    0x06,
    0x09,
    0x60,
    (byte) 0x86,
    0x48,
    0x01,
    0x65,
    0x03,
    0x04,
    0x02,
    0x01,
    0x05,
    0x00,
    0x04,
    0x20
  };

  private final KeyAlgorithm algorithm;
  private final KeyPair keyPair;
  private final SecureRandom random;

  private SigningKey(KeyAlgorithm algorithm, KeyPair keyPair, SecureRandom random) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    this.random = random;
  }

  /** Generates a key of {@code algorithm} from {@code random}, which also feeds its signatures. */
  public static SigningKey generate(KeyAlgorithm algorithm, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyFactoryName());
      generator.initialize(algorithm.parameters(), random);
      return new SigningKey(algorithm, generator.generateKeyPair(), random);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Tried to generate a " + algorithm + " key but the JDK refused", e);
    }
  }

  /** Wraps an existing key pair (for keys a test was given). */
  public static SigningKey of(KeyAlgorithm algorithm, KeyPair keyPair, SecureRandom random) {
    return new SigningKey(algorithm, keyPair, random);
  }

  /** The algorithm. */
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The public key. */
  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** The private key (for certificate and timestamp builders of this package). */
  PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  /** The random this key signs with. */
  SecureRandom random() {
    return random;
  }

  /**
   * The SubjectPublicKeyInfo of the public key as PEM ({@code PUBLIC KEY}), as cosign exports it.
   */
  public String publicKeyPem() {
    return Pem.publicKey(publicKey());
  }

  /** Signs {@code message} with {@link KeyAlgorithm#signatureAlgorithm()}. */
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance(algorithm.signatureAlgorithm());
      signature.initSign(keyPair.getPrivate(), random);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to sign with a " + algorithm + " key but failed", e);
    }
  }

  /**
   * Signs a precomputed SHA-256 {@code digest}: the same signature {@link #sign} gives over a
   * message with that digest. This is how a Sigstore bundle's {@code messageSignature} signs an
   * image digest without the manifest bytes.
   *
   * @throws UnsupportedOperationException for Ed25519, which cannot sign a digest
   */
  public byte[] signDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException(
          "Tried to sign a SHA-256 digest but got " + digest.length + " bytes, not 32");
    }
    try {
      return switch (algorithm) {
        case ECDSA_P256, ECDSA_P384 -> rawSign("NONEwithECDSA", digest);
        case RSA_2048 -> {
          var digestInfo = new ByteArrayOutputStream();
          digestInfo.writeBytes(SHA256_DIGEST_INFO);
          digestInfo.writeBytes(digest);
          yield rawSign("NONEwithRSA", digestInfo.toByteArray());
        }
        case ED25519 ->
            throw new UnsupportedOperationException(
                "Tried to sign a digest with an Ed25519 key but Ed25519 signs messages only");
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Tried to sign a digest with " + algorithm + " but failed", e);
    }
  }

  private byte[] rawSign(String jcaName, byte[] input) throws GeneralSecurityException {
    Signature signature = Signature.getInstance(jcaName);
    signature.initSign(keyPair.getPrivate(), random);
    signature.update(input);
    return signature.sign();
  }

  @Override
  public String toString() {
    return "SigningKey[" + algorithm + "]";
  }
}
