package dev.trustmirror.verifier.sigstore;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The path validation of a signing certificate under one CA of the trusted root, split so that the
 * CA's own chain is validated once: {@link #of} runs the JDK's PKIX validation of the chain without
 * the leaf (intermediates under the root, at an instant when all of them are valid) and checks that
 * the certificate issuing leaves may do so (CA basic constraints, path length, {@code
 * keyCertSign}); {@link #check} then does, per leaf, what PKIX would add for it: the validity of
 * the leaf and of every intermediate at the signing time. The leaf's signature and its issuer name
 * are checked by the caller ({@link CertificateCheck}) with {@link EcdsaVerification} before.
 *
 * <p>Only chains PKIX would judge by these rules alone take this way: every certificate X.509 v3,
 * no name constraints, policy constraints, policy mappings or inhibit-any-policy anywhere in the
 * chain, ECDSA certificate signatures. Any other chain ({@link #of} is empty) is validated by PKIX
 * for every leaf, as before.
 */
final class LeafPath {
  /** Extensions whose semantics only full PKIX applies: name constraints and policy controls. */
  private static final Set<String> PKIX_ONLY =
      Set.of("2.5.29.30", "2.5.29.33", "2.5.29.36", "2.5.29.54");

  /** Critical extensions PKIX handles on a leaf (basic constraints, key usage, EKU, SAN). */
  private static final Set<String> LEAF_CRITICAL =
      Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17");

  private final TrustMaterial.Authority ca;

  private LeafPath(TrustMaterial.Authority ca) {
    this.ca = ca;
  }

  /**
   * The CA's chain validated once, or empty when it needs full PKIX per leaf (see the class
   * comment) or does not validate (then PKIX per leaf gives the reason).
   */
  static Optional<LeafPath> of(TrustMaterial.Authority ca) {
    for (X509Certificate certificate : ca.certificates()) {
      if (certificate.getVersion() != 3 || hasAny(certificate, PKIX_ONLY)) {
        return Optional.empty();
      }
    }
    List<X509Certificate> intermediates = ca.intermediates();
    if (!intermediates.isEmpty() && !chainValidates(ca, intermediates)) {
      return Optional.empty();
    }
    if (!intermediates.isEmpty() && !mayIssueLeaf(ca.first())) {
      return Optional.empty();
    }
    if (!pathLengthsAllowLeaf(intermediates)) {
      return Optional.empty();
    }
    return Optional.of(new LeafPath(ca));
  }

  /**
   * Whether {@code leaf} (whose signature by this CA the caller verified) can take this way: an
   * ECDSA leaf key on a curve {@link EcdsaVerification} handles and only critical extensions PKIX
   * handles on a leaf.
   */
  static boolean suits(X509Certificate leaf) {
    Set<String> critical = leaf.getCriticalExtensionOIDs();
    return leaf.getVersion() == 3
        && EcdsaVerification.handles(leaf.getPublicKey(), "SHA256withECDSA")
        && (critical == null || LEAF_CRITICAL.containsAll(critical))
        && !hasAny(leaf, PKIX_ONLY);
  }

  /**
   * What PKIX adds for the leaf at {@code time}: the leaf and every intermediate valid then.
   *
   * @throws Refusal CA_NOT_VALID_AT_SIGNING_TIME as PKIX's expired / not yet valid
   */
  void check(X509Certificate leaf, Instant time) throws Refusal {
    Date at = Date.from(time);
    validAt(leaf, at, time, "the signing certificate");
    for (X509Certificate intermediate : ca.intermediates()) {
      validAt(intermediate, at, time, "intermediate " + intermediate.getSubjectX500Principal());
    }
  }

  private void validAt(X509Certificate certificate, Date at, Instant time, String what)
      throws Refusal {
    try {
      certificate.checkValidity(at);
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new Refusal(
          RefusalCode.CA_NOT_VALID_AT_SIGNING_TIME,
          "the certificate path to CA "
              + ca.uri()
              + " does not validate at "
              + time
              + ": "
              + what
              + " is valid from "
              + certificate.getNotBefore().toInstant()
              + " to "
              + certificate.getNotAfter().toInstant());
    }
  }

  /** PKIX of the intermediates under the root, at the latest start of their validity. */
  private static boolean chainValidates(
      TrustMaterial.Authority ca, List<X509Certificate> intermediates) {
    Date start = intermediates.get(0).getNotBefore();
    for (X509Certificate c : intermediates) {
      start = c.getNotBefore().after(start) ? c.getNotBefore() : start;
    }
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(ca.anchor()));
      parameters.setRevocationEnabled(false);
      parameters.setDate(start);
      CertPathValidator.getInstance("PKIX")
          .validate(
              CertificateFactory.getInstance("X.509").generateCertPath(intermediates), parameters);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The certificate right above the leaf is a CA allowed to sign certificates. */
  private static boolean mayIssueLeaf(X509Certificate issuer) {
    boolean[] usage = issuer.getKeyUsage();
    return issuer.getBasicConstraints() >= 0 && (usage == null || (usage.length > 5 && usage[5]));
  }

  /**
   * PKIX's path-length rule (RFC 5280 6.1.4 l, m) over the path with the leaf: the maximum starts
   * at the path's length, each intermediate that is not self-issued needs it above zero and lowers
   * it by one, and an intermediate's own path length constraint caps it.
   */
  private static boolean pathLengthsAllowLeaf(List<X509Certificate> intermediates) {
    int max = intermediates.size() + 1;
    for (int i = intermediates.size() - 1; i >= 0; i--) {
      X509Certificate c = intermediates.get(i);
      int constraint = c.getBasicConstraints();
      if (constraint < 0) {
        return false;
      }
      if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        if (max <= 0) {
          return false;
        }
        max--;
      }
      max = Math.min(max, constraint);
    }
    return true;
  }

  private static boolean hasAny(X509Certificate certificate, Set<String> oids) {
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    Set<String> other = certificate.getNonCriticalExtensionOIDs();
    for (String oid : oids) {
      if ((critical != null && critical.contains(oid)) || (other != null && other.contains(oid))) {
        return true;
      }
    }
    return false;
  }
}
