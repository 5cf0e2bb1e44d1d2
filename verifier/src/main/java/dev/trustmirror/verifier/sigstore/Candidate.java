package dev.trustmirror.verifier.sigstore;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * One signature to judge, whatever its format (cosign layer or Sigstore bundle), parsed.
 *
 * @param number the signature's number in the verdict, from 1
 * @param content what the signature covers and claims
 * @param signature the signature bytes
 * @param certificate the signing certificate, for keyless signatures
 * @param keyOnly a bundle that names a public key instead of a certificate
 * @param entries the transparency-log entries
 * @param proofRule what each entry must carry
 * @param timestamps DER RFC 3161 timestamp responses over the signature
 */
record Candidate(
    int number,
    SignedContent content,
    byte[] signature,
    Optional<X509Certificate> certificate,
    boolean keyOnly,
    List<TransparencyLogEntry> entries,
    TlogCheck.ProofRule proofRule,
    List<byte[]> timestamps) {

  static Candidate of(int number, CosignSignature cosign) {
    return new Candidate(
        number,
        new CosignContent(cosign.payloadBytes(), cosign.payload()),
        cosign.signature(),
        cosign.certificate(),
        false,
        cosign.rekorEntry().stream().toList(),
        TlogCheck.ProofRule.SET_REQUIRED,
        cosign.rfc3161Timestamp().stream().toList());
  }

  static Candidate of(int number, SigstoreBundle bundle, Optional<byte[]> artifact) {
    SignedContent content;
    byte[] signature;
    if (bundle.messageSignature().isPresent()) {
      content = new MessageContent(bundle.messageSignature().get(), artifact);
      signature = bundle.messageSignature().get().signature();
    } else {
      SigstoreBundle.DsseEnvelope envelope = bundle.dsseEnvelope().orElseThrow();
      content = new DsseContent(envelope);
      signature = envelope.signatures().get(0);
    }
    return new Candidate(
        number,
        content,
        signature,
        bundle.certificates().stream().findFirst(),
        bundle.certificates().isEmpty(),
        bundle.tlogEntries(),
        bundle.version() == SigstoreBundle.Version.V0_1
            ? TlogCheck.ProofRule.SET_REQUIRED
            : TlogCheck.ProofRule.PROOF_REQUIRED,
        bundle.rfc3161Timestamps());
  }
}
