package dev.trustmirror.verifier.sigstore;

import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.certificates.transparency.CTVerificationResult;
import dev.sigstore.encryption.certificates.transparency.CTVerifier;
import dev.sigstore.encryption.certificates.transparency.VerifiedSCT;
import dev.trustmirror.verifier.text.UntrustedText;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checks of a Fulcio signing certificate: valid at the signing time(s), for code signing,
 * issued by a CA of the trusted root that was valid at the signing time (PKIX path validation at
 * that time, as sigstore-java's {@code FulcioVerifier} does, but with typed reasons and the real
 * signing time instead of the certificate's start; for ECDSA leaves under a plain CA chain, the
 * chain is validated once and the leaf's part done here, see {@link LeafPath}), and carrying an
 * embedded SCT that verifies against a CT log of the trusted root (sigstore-java's {@link
 * CTVerifier}, with {@link SctLog}).
 */
final class CertificateCheck {
  private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
  private static final Map<String, String> ECDSA_SIGNATURES =
      Map.of(
          "1.2.840.10045.4.3.2", "SHA256withECDSA",
          "1.2.840.10045.4.3.3", "SHA384withECDSA",
          "1.2.840.10045.4.3.4", "SHA512withECDSA");
  private static final Set<String> HANDLED_CRITICAL =
      Set.of("2.5.29.15", "2.5.29.37", "2.5.29.17", "2.5.29.19");

  private CertificateCheck() {}

  /** The leaf was valid at {@code time}. */
  static void validAt(X509Certificate leaf, Instant time, RefusalCode code, String when)
      throws Refusal {
    try {
      leaf.checkValidity(Date.from(time));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new Refusal(
          code,
          "the signing certificate was valid from "
              + leaf.getNotBefore().toInstant()
              + " to "
              + leaf.getNotAfter().toInstant()
              + ", not at "
              + when
              + " "
              + time);
    }
  }

  /** The leaf is an end-entity certificate for code signing. */
  static void forCodeSigning(X509Certificate leaf) throws Refusal {
    boolean[] usage = leaf.getKeyUsage();
    List<String> extended;
    try {
      extended = leaf.getExtendedKeyUsage();
    } catch (java.security.cert.CertificateParsingException e) {
      extended = null;
    }
    Set<String> critical = leaf.getCriticalExtensionOIDs();
    if (leaf.getBasicConstraints() >= 0
        || usage == null
        || !usage[0]
        || extended == null
        || !extended.contains(CODE_SIGNING)
        || (critical != null && !HANDLED_CRITICAL.containsAll(critical))) {
      throw new Refusal(
          RefusalCode.CERTIFICATE_NOT_FOR_CODE_SIGNING,
          "the signing certificate is not an end-entity certificate with digital-signature key"
              + " usage and the code-signing extended key usage");
    }
  }

  /**
   * The CA of the trusted root that issued {@code leaf} and was valid at every {@code times}, with
   * the path validated (PKIX) at each of those times.
   */
  static TrustMaterial.Authority issuer(
      X509Certificate leaf, List<Instant> times, TrustMaterial trust) throws Refusal {
    List<TrustMaterial.Authority> issuers = new ArrayList<>();
    for (TrustMaterial.Authority ca : trust.certificateAuthorities()) {
      if (issued(ca.first(), leaf)) {
        issuers.add(ca);
      }
    }
    if (issuers.isEmpty()) {
      throw new Refusal(
          RefusalCode.UNTRUSTED_CA,
          "the certificate was issued by an unknown CA ("
              + UntrustedText.of(leaf.getIssuerX500Principal().getName())
              + "), not by one of the "
              + trust.certificateAuthorities().size()
              + " CAs of the trusted root");
    }
    Refusal last = null;
    for (TrustMaterial.Authority ca : issuers) {
      try {
        for (Instant time : times) {
          validate(leaf, ca, time, trust);
        }
        return ca;
      } catch (Refusal r) {
        last = r;
      }
    }
    throw last;
  }

  private static boolean issued(X509Certificate issuer, X509Certificate leaf) {
    if (!issuer.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
      return false;
    }
    try {
      Optional<String> ecdsa = ecdsaAlgorithm(leaf, issuer);
      if (ecdsa.isPresent()) {
        return EcdsaVerification.verify(
            issuer.getPublicKey(), ecdsa.get(), leaf.getTBSCertificate(), leaf.getSignature());
      }
      leaf.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The JCA name of the leaf's signature algorithm when {@link EcdsaVerification} verifies it with
   * the issuer's key: ECDSA with SHA-256/384/512 (no parameters, as RFC 5758 demands).
   */
  private static Optional<String> ecdsaAlgorithm(X509Certificate leaf, X509Certificate issuer) {
    String algorithm = ECDSA_SIGNATURES.get(leaf.getSigAlgOID());
    return algorithm != null
            && leaf.getSigAlgParams() == null
            && EcdsaVerification.handles(issuer.getPublicKey(), algorithm)
        ? Optional.of(algorithm)
        : Optional.empty();
  }

  private static void validate(
      X509Certificate leaf, TrustMaterial.Authority ca, Instant time, TrustMaterial trust)
      throws Refusal {
    if (!ca.validFor().contains(time)) {
      throw new Refusal(
          RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME,
          "the issuing CA "
              + ca.uri()
              + " is valid from "
              + ca.validFor().getStart()
              + ca.validFor().getEnd().map(e -> " to " + e).orElse("")
              + " in the trusted root, not at the signing time "
              + time);
    }
    Optional<LeafPath> fast =
        ecdsaAlgorithm(leaf, ca.first()).isPresent() && LeafPath.suits(leaf)
            ? trust.leafPath(ca)
            : Optional.empty();
    if (fast.isPresent()) {
      // the leaf's signature by ca.first() and the issuer name were checked by issued()
      fast.get().check(leaf, time);
      return;
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    path.addAll(ca.intermediates());
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(ca.anchor()));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(time));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (CertPathValidatorException e) {
      boolean outOfTime =
          e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
              || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
      throw new Refusal(
          outOfTime ? RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME : RefusalCode.UNTRUSTED_CA,
          "the certificate path to CA "
              + ca.uri()
              + " does not validate at "
              + time
              + ": "
              + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new Refusal(
          RefusalCode.UNTRUSTED_CA,
          "the certificate path to CA " + ca.uri() + " cannot be validated: " + e.getMessage());
    }
  }

  /**
   * An embedded SCT of {@code leaf} verifies with a CT log of the trusted root that was valid at
   * the SCT's time.
   */
  static void embeddedSct(X509Certificate leaf, X509Certificate issuer, TrustMaterial trust)
      throws Refusal {
    if (Certificates.getEmbeddedSCTs(leaf).isEmpty()) {
      throw new Refusal(RefusalCode.SCT_MISSING, "the signing certificate carries no embedded SCT");
    }
    CTVerifier verifier = trust.ctVerifier();
    CTVerificationResult result;
    try {
      result = verifier.verifySignedCertificateTimestamps(List.of(leaf, issuer), null, null);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new Refusal(
          RefusalCode.SCT_INVALID, "the embedded SCTs cannot be read: " + e.getMessage());
    }
    for (VerifiedSCT valid : result.getValidSCTs()) {
      Instant at = Instant.ofEpochMilli(valid.sct.getTimestamp());
      for (TrustMaterial.Log log : trust.ctLogs()) {
        if (Arrays.equals(log.id(), valid.sct.getLogID()) && log.validAt(at)) {
          return;
        }
      }
    }
    Map<String, Integer> statuses = new TreeMap<>();
    result
        .getValidSCTs()
        .forEach(s -> statuses.merge("valid but log not valid then", 1, Integer::sum));
    result.getInvalidSCTs().forEach(s -> statuses.merge(s.status.name(), 1, Integer::sum));
    throw new Refusal(
        RefusalCode.SCT_INVALID,
        "no embedded SCT verifies against a CT log of the trusted root " + statuses);
  }
}
