package dev.trustmirror.verifier.sigstore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A BouncyCastle {@link ContentVerifierProvider} for an RFC 3161 timestamp's signer: ECDSA with
 * SHA-256/384/512 through {@link EcdsaVerification}, anything else through the provider it wraps
 * (BouncyCastle's JCA one, as before), with BouncyCastle's acceptance rule for the encoding (exact
 * DER). The associated certificate is the wrapped provider's, so {@code TimeStampToken.validate}
 * makes the same certificate checks.
 */
final class EcdsaContentVerifiers implements ContentVerifierProvider {
  private static final Map<String, String> ECDSA =
      Map.of(
          "1.2.840.10045.4.3.2", "SHA256withECDSA",
          "1.2.840.10045.4.3.3", "SHA384withECDSA",
          "1.2.840.10045.4.3.4", "SHA512withECDSA");

  private final ContentVerifierProvider fallback;
  private final PublicKey key;

  EcdsaContentVerifiers(ContentVerifierProvider fallback, X509Certificate signer) {
    this.fallback = fallback;
    this.key = signer.getPublicKey();
    EcdsaVerification.trust(key);
  }

  @Override
  public boolean hasAssociatedCertificate() {
    return fallback.hasAssociatedCertificate();
  }

  @Override
  public X509CertificateHolder getAssociatedCertificate() {
    return fallback.getAssociatedCertificate();
  }

  @Override
  public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
    String name = ECDSA.get(algorithm.getAlgorithm().getId());
    if (name == null
        || algorithm.getParameters() != null
        || !EcdsaVerification.handles(key, name)) {
      return fallback.get(algorithm);
    }
    return new Buffered(algorithm, name, key);
  }

  /** Collects the signed bytes, then verifies them. */
  private static final class Buffered implements ContentVerifier {
    private final AlgorithmIdentifier algorithm;
    private final String name;
    private final PublicKey key;
    private final ByteArrayOutputStream signed = new ByteArrayOutputStream();

    Buffered(AlgorithmIdentifier algorithm, String name, PublicKey key) {
      this.algorithm = algorithm;
      this.name = name;
      this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
      return signed;
    }

    @Override
    public boolean verify(byte[] signature) {
      try {
        requireCanonical(signature);
        return EcdsaVerification.verify(key, name, signed.toByteArray(), signature);
      } catch (SignatureException | IOException e) {
        // as BouncyCastle's JCA verifier, which this replaces: a malformed signature throws
        throw new RuntimeOperatorException("exception obtaining signature: " + e.getMessage(), e);
      }
    }

    /**
     * BouncyCastle's rule, stricter than the JDK's: the encoding is exactly the DER of its values
     * (no integer without its sign byte).
     */
    private static void requireCanonical(byte[] signature) throws SignatureException, IOException {
      BigInteger[] rs = EcdsaVerification.decodeDer(signature);
      byte[] canonical =
          new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])})
              .getEncoded(ASN1Encoding.DER);
      if (!Arrays.equals(canonical, signature)) {
        throw new SignatureException("Invalid encoding for signature: not canonical DER");
      }
    }
  }
}
