package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An ECDSA P-256 signing key for generated TUF repositories, described in TUF as {@code
 * {"keytype":"ecdsa","scheme":"ecdsa-sha2-nistp256","keyval":{"public":"<PEM>"}}} like the keys of
 * the real Sigstore root. Its keyid is the hex SHA-256 of the canonical JSON of that object.
 * Signatures are hex-encoded DER ({@code SHA256withECDSA}).
 */
public final class TestKey {

  private static final String KEY_TYPE = "ecdsa";
  private static final String SCHEME = "ecdsa-sha2-nistp256";

  private final KeyPair keyPair;
  private final String publicKeyPem;
  private final String keyId;

  private TestKey(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.publicKeyPem = toPem(keyPair.getPublic());
    this.keyId = Digests.sha256Hex(CanonicalJson.encode(tufKey()));
  }

  /** Generates a new key pair from a fresh {@link SecureRandom}. */
  public static TestKey generate() {
    return generate(new SecureRandom());
  }

  /** Generates a new key pair from {@code random}. */
  public static TestKey generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return new TestKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to generate an EC P-256 key but the JDK refused", e);
    }
  }

  /** The TUF keyid: hex SHA-256 of the canonical JSON of {@link #tufKey()}. */
  public String keyId() {
    return keyId;
  }

  /** The public key. */
  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** The SubjectPublicKeyInfo PEM, with 64-character lines and a trailing newline. */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** A new TUF key object for this key (keytype, scheme, keyval.public). */
  public ObjectNode tufKey() {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.put("keytype", KEY_TYPE);
    key.put("scheme", SCHEME);
    key.putObject("keyval").put("public", publicKeyPem);
    return key;
  }

  /** Signs {@code data} and returns the hex of the DER-encoded ECDSA signature. */
  public String sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(keyPair.getPrivate());
      signature.update(data);
      return HexFormat.of().formatHex(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to sign with key " + keyId + " but failed", e);
    }
  }

  @Override
  public String toString() {
    return "TestKey[" + keyId.substring(0, 12) + "]";
  }

  private static String toPem(PublicKey key) {
    Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN PUBLIC KEY-----\n"
        + encoder.encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
