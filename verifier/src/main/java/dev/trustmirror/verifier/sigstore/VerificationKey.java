package dev.trustmirror.verifier.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A public key a policy trusts for key-based signatures, from PEM ({@code BEGIN PUBLIC KEY}, as
 * {@code cosign generate-key-pair} and {@code openssl pkey -pubout} write it): ECDSA P-256, P-384
 * or P-521, RSA of 2048 bits or more, or Ed25519.
 */
public final class VerificationKey {
  /** The algorithms a key may use. */
  public enum Algorithm {
    /** ECDSA on NIST P-256. */
    ECDSA_P256,
    /** ECDSA on NIST P-384. */
    ECDSA_P384,
    /** ECDSA on NIST P-521. */
    ECDSA_P521,
    /** RSA, PKCS #1 v1.5 signatures. */
    RSA,
    /** Ed25519. */
    ED25519
  }

  private final String name;
  private final PublicKey publicKey;
  private final Algorithm algorithm;
  private final String fingerprint;

  private VerificationKey(String name, PublicKey publicKey, Algorithm algorithm) {
    this.name = name;
    this.publicKey = publicKey;
    this.algorithm = algorithm;
    this.fingerprint = fingerprint(publicKey);
  }

  /**
   * Parses a PEM public key.
   *
   * @param name how the key is named in messages (its file name)
   * @throws InvalidPolicyException when it is not one PEM public key of a supported algorithm
   */
  public static VerificationKey parse(byte[] pem, String name) throws InvalidPolicyException {
    Objects.requireNonNull(name, "name");
    List<Pem.Block> blocks;
    try {
      blocks =
          Pem.blocks(
              new String(pem, StandardCharsets.US_ASCII),
              MalformedSignatureException.Part.PAYLOAD,
              name);
    } catch (MalformedSignatureException e) {
      throw new InvalidPolicyException(
          InvalidPolicyException.Rule.KEY_NOT_PEM,
          "Tried to read the public key " + name + " but failed because it is not PEM",
          e);
    }
    if (blocks.size() != 1 || !blocks.get(0).label().equals("PUBLIC KEY")) {
      throw new InvalidPolicyException(
          InvalidPolicyException.Rule.KEY_NOT_PEM,
          "Tried to read the public key "
              + name
              + " but failed because it does not hold exactly one BEGIN PUBLIC KEY block"
              + " (found "
              + blocks.stream().map(Pem.Block::label).toList()
              + ")",
          null);
    }
    return fromSubjectPublicKeyInfo(blocks.get(0).der(), name);
  }

  /** A key from its DER {@code SubjectPublicKeyInfo}. */
  static VerificationKey fromSubjectPublicKeyInfo(byte[] der, String name)
      throws InvalidPolicyException {
    PublicKey key;
    try {
      String oid = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm().getId();
      String jdkName =
          switch (oid) {
            case "1.2.840.10045.2.1" -> "EC";
            case "1.2.840.113549.1.1.1" -> "RSA";
            case "1.3.101.112" -> "Ed25519";
            default -> throw new GeneralSecurityException("algorithm " + oid + " is not supported");
          };
      key = KeyFactory.getInstance(jdkName).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidPolicyException(
          InvalidPolicyException.Rule.KEY_UNSUPPORTED,
          "Tried to read the public key "
              + name
              + " but failed because it is not an ECDSA, RSA or Ed25519 key: "
              + e.getMessage(),
          e);
    }
    Algorithm algorithm = algorithm(key, name);
    // a policy key lives as long as the policy: prepared once for ECDSA
    EcdsaVerification.trust(key);
    return new VerificationKey(name, key, algorithm);
  }

  private static Algorithm algorithm(PublicKey key, String name) throws InvalidPolicyException {
    if (key instanceof ECPublicKey ec) {
      for (Algorithm candidate :
          List.of(Algorithm.ECDSA_P256, Algorithm.ECDSA_P384, Algorithm.ECDSA_P521)) {
        if (sameCurve(ec.getParams(), curve(candidate))) {
          return candidate;
        }
      }
      throw new InvalidPolicyException(
          InvalidPolicyException.Rule.KEY_UNSUPPORTED,
          "Tried to read the public key " + name + " but its curve is not P-256, P-384 or P-521",
          null);
    }
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new InvalidPolicyException(
            InvalidPolicyException.Rule.KEY_UNSUPPORTED,
            "Tried to read the public key "
                + name
                + " but it is RSA of "
                + rsa.getModulus().bitLength()
                + " bits; 2048 or more are required",
            null);
      }
      return Algorithm.RSA;
    }
    return Algorithm.ED25519;
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getOrder().equals(b.getOrder())
        && a.getCurve().equals(b.getCurve())
        && a.getGenerator().equals(b.getGenerator())
        && a.getCofactor() == b.getCofactor();
  }

  private static ECParameterSpec curve(Algorithm algorithm) {
    String name =
        switch (algorithm) {
          case ECDSA_P256 -> "secp256r1";
          case ECDSA_P384 -> "secp384r1";
          default -> "secp521r1";
        };
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always knows " + name, e);
    }
  }

  /** The key's name (its file name) for messages. */
  public String name() {
    return name;
  }

  /** The JCA key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The algorithm. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** {@code sha256:<hex>} of the DER {@code SubjectPublicKeyInfo}: the key's identity. */
  public String fingerprint() {
    return fingerprint;
  }

  private static String fingerprint(PublicKey key) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + algorithm + ", " + fingerprint + ")";
  }
}
