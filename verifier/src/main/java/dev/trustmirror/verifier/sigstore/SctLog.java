package dev.trustmirror.verifier.sigstore;

import dev.sigstore.encryption.certificates.transparency.CTLogInfo;
import dev.sigstore.encryption.certificates.transparency.CertificateEntry;
import dev.sigstore.encryption.certificates.transparency.SerializationException;
import dev.sigstore.encryption.certificates.transparency.SignedCertificateTimestamp;
import dev.sigstore.encryption.certificates.transparency.VerifiedSCT;
import java.security.PublicKey;
import java.security.SignatureException;
import java.util.Arrays;

/**
 * A CT log of the trusted root as sigstore-java's {@code CTVerifier} looks it up: the same check as
 * {@link CTLogInfo#verifySingleSCT} (log ID, the SCT's signed structure over the reconstructed
 * precertificate, the signature by the log's key, with the same statuses and the same exception on
 * a malformed signature), with the signature verified by {@link EcdsaVerification}.
 */
final class SctLog extends CTLogInfo {
  SctLog(PublicKey key, String url) {
    super(key, "CT log", url);
    EcdsaVerification.trust(key);
  }

  @Override
  public VerifiedSCT.Status verifySingleSCT(
      SignedCertificateTimestamp sct, CertificateEntry entry) {
    if (!Arrays.equals(sct.getLogID(), getID())) {
      return VerifiedSCT.Status.UNKNOWN_LOG;
    }
    byte[] signed;
    try {
      signed = sct.encodeTBS(entry);
    } catch (SerializationException e) {
      return VerifiedSCT.Status.INVALID_SCT;
    }
    String algorithm = sct.getSignature().getAlgorithm();
    if (!EcdsaVerification.handles(getPublicKey(), algorithm)) {
      return super.verifySingleSCT(sct, entry);
    }
    try {
      return EcdsaVerification.verify(
              getPublicKey(), algorithm, signed, sct.getSignature().getSignature())
          ? VerifiedSCT.Status.VALID
          : VerifiedSCT.Status.INVALID_SIGNATURE;
    } catch (SignatureException e) {
      // as CTLogInfo: a signature that cannot be decoded aborts the check
      throw new RuntimeException(e);
    }
  }
}
