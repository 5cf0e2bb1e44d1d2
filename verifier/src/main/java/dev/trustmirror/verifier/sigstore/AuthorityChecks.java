package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.text.UntrustedText;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of one signature against one authority: a key, or the keyless chain (certificate, CA,
 * SCT) before its identities are matched. Each check that fails throws a {@link Refusal}; the order
 * is the signature first, then what it claims, then the log and the time, then the certificate.
 */
final class AuthorityChecks {
  /** A trusted signing time. */
  record SigningTime(Instant time, TimeSource source) {}

  /** A certificate that passed every keyless check but the identity. */
  record Certified(SignerIdentity identity, SigningTime time) {}

  private final boolean ignoreTlog;
  private final TrustMaterial trust;

  AuthorityChecks(boolean ignoreTlog, TrustMaterial trust) {
    this.ignoreTlog = ignoreTlog;
    this.trust = trust;
  }

  /** Key-based: the signature verifies with {@code key}, its claims hold, its log entry too. */
  Verdict.Match byKey(
      Candidate candidate, int number, VerificationKey key, Digest image, Instant now)
      throws Refusal {
    if (!candidate.content().verifiedBy(key.publicKey(), candidate.signature())) {
      throw new Refusal(
          RefusalCode.SIGNATURE_INVALID,
          "the signature does not verify with key " + number + " (" + key.name() + ")");
    }
    candidate.content().checkClaims(image);
    List<SigningTime> times = trustedTimes(candidate, SignerMaterial.of(key.publicKey()));
    SigningTime time = times.isEmpty() ? new SigningTime(now, TimeSource.NOW) : times.get(0);
    return new Verdict.Match(
        candidate.number(),
        "key " + number,
        key.name() + " " + key.fingerprint(),
        time.time(),
        time.source());
  }

  /** Keyless, up to the identity: certificate, signature, claims, log, time, CA, SCT. */
  Certified keyless(Candidate candidate, Digest image, Instant now) throws Refusal {
    if (candidate.keyOnly()) {
      throw new Refusal(
          RefusalCode.CERTIFICATE_MISSING,
          "the bundle names a public key, not a certificate: it can only verify with a key");
    }
    X509Certificate certificate =
        candidate
            .certificate()
            .orElseThrow(
                () ->
                    new Refusal(
                        RefusalCode.CERTIFICATE_MISSING, "the signature carries no certificate"));
    if (!candidate.content().verifiedBy(certificate.getPublicKey(), candidate.signature())) {
      throw new Refusal(
          RefusalCode.SIGNATURE_INVALID,
          "the signature does not verify with the certificate's key");
    }
    candidate.content().checkClaims(image);
    List<SigningTime> times = trustedTimes(candidate, SignerMaterial.of(certificate));
    if (times.isEmpty()) {
      if (!ignoreTlog) {
        throw new Refusal(
            RefusalCode.NO_TRUSTED_TIME,
            "the log entry carries no SET and the signature no RFC 3161 timestamp, so no trusted"
                + " time shows the certificate was valid when it signed");
      }
      // cosign: --insecure-ignore-tlog without a timestamp checks the certificate against now
      CertificateCheck.validAt(
          certificate,
          now,
          RefusalCode.CERTIFICATE_NOT_VALID_NOW,
          "now: without the transparency log (ignoreTlog) and without an RFC 3161 timestamp"
              + " there is no trusted signing time, so the certificate must be valid now"
              + " (cosign's semantics)");
      times = List.of(new SigningTime(now, TimeSource.NOW));
    } else {
      for (SigningTime time : times) {
        CertificateCheck.validAt(
            certificate,
            time.time(),
            RefusalCode.CERTIFICATE_NOT_VALID_AT_SIGNING_TIME,
            "the signing time (" + time.source().name().toLowerCase(Locale.ROOT) + ")");
      }
    }
    CertificateCheck.forCodeSigning(certificate);
    TrustMaterial.Authority ca =
        CertificateCheck.issuer(certificate, times.stream().map(SigningTime::time).toList(), trust);
    CertificateCheck.embeddedSct(certificate, ca.first(), trust);
    return new Certified(SignerIdentity.of(certificate), times.get(0));
  }

  /** The certified signer is the one {@code identity} accepts. */
  static Verdict.Match identity(Candidate candidate, Certified signer, KeylessIdentity identity)
      throws Refusal {
    String issuer =
        signer
            .identity()
            .issuer()
            .orElseThrow(
                () ->
                    new Refusal(
                        RefusalCode.ISSUER_MISMATCH,
                        "the certificate names no OIDC issuer (extension "
                            + SignerIdentity.ISSUER_V2
                            + " or "
                            + SignerIdentity.ISSUER_V1
                            + ")"));
    if (!identity.issuer().matches(issuer)) {
      throw new Refusal(
          RefusalCode.ISSUER_MISMATCH,
          "the certificate's issuer is '"
              + UntrustedText.of(issuer)
              + "', which does not match "
              + identity.issuer());
    }
    if (signer.identity().subjects().stream().noneMatch(identity.subject()::matches)) {
      throw new Refusal(
          RefusalCode.SUBJECT_MISMATCH,
          "the certificate's subject is "
              + UntrustedText.of(String.valueOf(signer.identity().subjects()))
              + ", which does not match "
              + identity.subject());
    }
    return new Verdict.Match(
        candidate.number(),
        identity.authority(),
        signer.identity().describe(),
        signer.time().time(),
        signer.time().source());
  }

  /**
   * The signing times that verified: the integrated time of each entry whose SET verified (unless
   * {@code ignoreTlog}, which skips the log), and the time of each RFC 3161 timestamp. A timestamp
   * that is present must verify, whatever the mode.
   */
  private List<SigningTime> trustedTimes(Candidate candidate, SignerMaterial signer)
      throws Refusal {
    List<SigningTime> times = new ArrayList<>();
    if (!ignoreTlog) {
      if (candidate.entries().isEmpty()) {
        throw new Refusal(
            RefusalCode.TLOG_ENTRY_MISSING,
            "the transparency log is required (ignoreTlog is off) but the signature carries no"
                + " log entry");
      }
      for (TransparencyLogEntry entry : candidate.entries()) {
        TlogCheck.verify(
                entry,
                candidate.proofRule(),
                trust,
                candidate.content().expectedEntry(candidate.signature()),
                signer)
            .ifPresent(t -> times.add(new SigningTime(t, TimeSource.TLOG)));
      }
    }
    for (byte[] timestamp : candidate.timestamps()) {
      times.add(
          new SigningTime(
              TimestampCheck.verify(timestamp, candidate.signature(), trust), TimeSource.TSA));
    }
    return times;
  }
}
