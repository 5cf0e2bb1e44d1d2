package dev.trustmirror.testkit.sigstore;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The key types a cosign signer or a Sigstore service may use, with the JCA names that produce the
 * signatures cosign and sigstore-java expect: ECDSA and RSA sign SHA-256 of the message (cosign's
 * default {@code --signature-digest-algorithm} is sha256 whatever the curve), Ed25519 signs the
 * message itself.
 */
public enum KeyAlgorithm {
  /** ECDSA on NIST P-256, SHA-256, ASN.1 DER signatures. */
  ECDSA_P256(
      "EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA", "PKIX_ECDSA_P256_SHA_256"),
  /** ECDSA on NIST P-384; cosign still hashes with SHA-256 by default. */
  ECDSA_P384(
      "EC", new ECGenParameterSpec("secp384r1"), "SHA256withECDSA", "PKIX_ECDSA_P384_SHA_384"),
  /** RSA 2048, PKCS#1 v1.5 with SHA-256. */
  RSA_2048(
      "RSA",
      new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4),
      "SHA256withRSA",
      "PKIX_RSA_PKCS1V15_2048_SHA256"),
  /** Ed25519 (pure: signs the message, not a digest). */
  ED25519("Ed25519", NamedParameterSpec.ED25519, "Ed25519", "PKIX_ED25519");

  private final String keyFactoryName;
  private final AlgorithmParameterSpec parameters;
  private final String signatureAlgorithm;
  private final String keyDetails;

  KeyAlgorithm(
      String keyFactoryName,
      AlgorithmParameterSpec parameters,
      String signatureAlgorithm,
      String keyDetails) {
    this.keyFactoryName = keyFactoryName;
    this.parameters = parameters;
    this.signatureAlgorithm = signatureAlgorithm;
    this.keyDetails = keyDetails;
  }

  /** The JCA key pair generator / key factory name. */
  public String keyFactoryName() {
    return keyFactoryName;
  }

  /** Key generation parameters. */
  AlgorithmParameterSpec parameters() {
    return parameters;
  }

  /** The JCA signature algorithm that signs a message with this key. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /**
   * The {@code PublicKeyDetails} name of Sigstore's protobuf specs ({@code keyDetails} in {@code
   * trusted_root.json}).
   */
  public String keyDetails() {
    return keyDetails;
  }
}
