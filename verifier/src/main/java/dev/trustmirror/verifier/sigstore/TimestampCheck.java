package dev.trustmirror.verifier.sigstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Verifies an RFC 3161 timestamp over a signature against the trusted root's timestamp authorities,
 * with BouncyCastle's {@code tsp} (the ECDSA signature itself through {@link
 * EcdsaContentVerifiers}): the token is signed by a TSA of the trusted root (BouncyCastle also
 * demands the critical time-stamping extended key usage and the signer's validity at the generation
 * time), the TSA and its chain were valid at that time, and the message imprint is the hash of the
 * signature bytes. Returns the generation time.
 */
final class TimestampCheck {
  /** BouncyCastle as an object, never registered globally. */
  private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private TimestampCheck() {}

  static Instant verify(byte[] encoded, byte[] signature, TrustMaterial trust) throws Refusal {
    TimeStampToken token = token(encoded);
    Instant generated = token.getTimeStampInfo().getGenTime().toInstant();
    checkImprint(token, signature);
    for (TrustMaterial.Authority tsa : trust.timestampAuthorities()) {
      X509Certificate signer = tsa.first();
      if (!token.getSID().match(holder(signer))) {
        continue;
      }
      try {
        SignerInformationVerifier verifier =
            new SignerInformationVerifier(
                new DefaultCMSSignatureAlgorithmNameGenerator(),
                new DefaultSignatureAlgorithmIdentifierFinder(),
                new EcdsaContentVerifiers(
                    new JcaContentVerifierProviderBuilder().setProvider(PROVIDER).build(signer),
                    signer),
                new JcaDigestCalculatorProviderBuilder().setProvider(PROVIDER).build());
        token.validate(verifier);
      } catch (TSPValidationException e) {
        throw new Refusal(
            RefusalCode.TIMESTAMP_INVALID,
            "the RFC 3161 timestamp does not verify with TSA " + tsa.uri() + ": " + e.getMessage());
      } catch (Exception e) {
        throw new Refusal(
            RefusalCode.TIMESTAMP_INVALID,
            "the RFC 3161 timestamp cannot be verified with TSA " + tsa.uri() + ": " + e);
      }
      if (!tsa.validFor().contains(generated)) {
        throw new Refusal(
            RefusalCode.TIMESTAMP_UNTRUSTED,
            "TSA " + tsa.uri() + " is not valid at the timestamp's time " + generated);
      }
      for (X509Certificate certificate : tsa.certificates()) {
        try {
          certificate.checkValidity(Date.from(generated));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
          throw new Refusal(
              RefusalCode.TIMESTAMP_UNTRUSTED,
              "a certificate of TSA " + tsa.uri() + " was not valid at " + generated);
        }
      }
      return generated;
    }
    throw new Refusal(
        RefusalCode.TIMESTAMP_UNTRUSTED,
        "the RFC 3161 timestamp is signed by none of the "
            + trust.timestampAuthorities().size()
            + " timestamp authorities of the trusted root");
  }

  /** A TimeStampResp (cosign, bundles), or a bare TimeStampToken as some writers store. */
  private static TimeStampToken token(byte[] encoded) throws Refusal {
    TimeStampResponse response = null;
    try {
      response = new TimeStampResponse(encoded);
    } catch (Exception e) {
      // not a response: try a bare token below
    }
    if (response != null) {
      // PKIStatus granted (0) or grantedWithMods (1): anything else is no timestamp
      if (response.getStatus() > 1 || response.getTimeStampToken() == null) {
        throw new Refusal(
            RefusalCode.TIMESTAMP_INVALID,
            "the RFC 3161 response has status " + response.getStatus() + " and no granted token");
      }
      return response.getTimeStampToken();
    }
    try {
      return new TimeStampToken(new CMSSignedData(encoded));
    } catch (Exception e) {
      throw new Refusal(
          RefusalCode.TIMESTAMP_INVALID,
          "the RFC 3161 timestamp is neither a granted TimeStampResp nor a TimeStampToken");
    }
  }

  private static void checkImprint(TimeStampToken token, byte[] signature) throws Refusal {
    var info = token.getTimeStampInfo();
    String oid = info.getMessageImprintAlgOID().getId();
    String algorithm;
    if (oid.equals(NISTObjectIdentifiers.id_sha256.getId())) {
      algorithm = "SHA-256";
    } else if (oid.equals(NISTObjectIdentifiers.id_sha384.getId())) {
      algorithm = "SHA-384";
    } else if (oid.equals(NISTObjectIdentifiers.id_sha512.getId())) {
      algorithm = "SHA-512";
    } else {
      throw new Refusal(
          RefusalCode.TIMESTAMP_INVALID,
          "the RFC 3161 timestamp's imprint uses hash " + oid + ", not SHA-256/384/512");
    }
    try {
      byte[] expected = MessageDigest.getInstance(algorithm).digest(signature);
      if (!MessageDigest.isEqual(expected, info.getMessageImprintDigest())) {
        throw new Refusal(
            RefusalCode.TIMESTAMP_INVALID,
            "the RFC 3161 timestamp covers other data than this signature");
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is always available", e);
    }
  }

  private static org.bouncycastle.cert.X509CertificateHolder holder(X509Certificate certificate)
      throws Refusal {
    try {
      return new org.bouncycastle.cert.X509CertificateHolder(certificate.getEncoded());
    } catch (Exception e) {
      throw new Refusal(
          RefusalCode.TIMESTAMP_UNTRUSTED,
          "a TSA certificate of the trusted root cannot be encoded");
    }
  }
}
