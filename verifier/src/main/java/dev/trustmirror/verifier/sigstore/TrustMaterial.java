package dev.trustmirror.verifier.sigstore;

import dev.sigstore.encryption.certificates.transparency.CTLogInfo;
import dev.sigstore.encryption.certificates.transparency.CTVerifier;
import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.TransparencyLog;
import dev.sigstore.trustroot.ValidFor;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trusted root turned into what verification looks up, once per policy: each log's JCA key
 * (sigstore-java 2.0.0 converts only the key types it knows; a key it cannot convert is kept as
 * unusable, so entries of that log are refused with a clear reason instead of failing the load),
 * and each CA's and TSA's certificates.
 */
final class TrustMaterial {
  /** A transparency log or CT log of the trusted root. */
  record Log(byte[] id, Optional<PublicKey> key, ValidFor validFor, String url) {
    boolean validAt(Instant time) {
      return validFor.contains(time);
    }
  }

  /**
   * A certificate authority (Fulcio) or timestamp authority: its chain, leaf or intermediate first.
   */
  record Authority(List<X509Certificate> certificates, ValidFor validFor, String uri) {
    X509Certificate first() {
      return certificates.get(0);
    }

    TrustAnchor anchor() {
      return new TrustAnchor(certificates.get(certificates.size() - 1), null);
    }

    /** The chain without its last certificate (the trust anchor). */
    List<X509Certificate> intermediates() {
      return certificates.subList(0, certificates.size() - 1);
    }
  }

  private final List<Log> tlogs;
  private final List<Log> ctLogs;
  private final List<Authority> certificateAuthorities;
  private final List<Authority> timestampAuthorities;
  private final CTVerifier ctVerifier;
  private final Map<Authority, Optional<LeafPath>> leafPaths = new ConcurrentHashMap<>();

  private TrustMaterial(
      List<Log> tlogs, List<Log> ctLogs, List<Authority> cas, List<Authority> tsas) {
    this.tlogs = List.copyOf(tlogs);
    this.ctLogs = List.copyOf(ctLogs);
    this.certificateAuthorities = List.copyOf(cas);
    this.timestampAuthorities = List.copyOf(tsas);
    List<CTLogInfo> known = new ArrayList<>();
    for (Log log : this.ctLogs) {
      log.key().ifPresent(k -> known.add(new SctLog(k, log.url())));
    }
    this.ctVerifier =
        new CTVerifier(
            id ->
                known.stream().filter(l -> Arrays.equals(l.getID(), id)).findFirst().orElse(null));
  }

  /** The trusted root's keys are long-lived: prepared once for {@link EcdsaVerification}. */
  static TrustMaterial of(TrustedRoot root) {
    var model = root.sigstore();
    TrustMaterial trust =
        new TrustMaterial(
            logs(model.getTLogs()),
            logs(model.getCTLogs()),
            authorities(model.getCAs()),
            authorities(model.getTSAs()));
    trust.tlogs.forEach(l -> l.key().ifPresent(EcdsaVerification::trust));
    trust.certificateAuthorities.forEach(
        ca -> ca.certificates().forEach(c -> EcdsaVerification.trust(c.getPublicKey())));
    return trust;
  }

  /** The transparency log with that ID. */
  Optional<Log> tlog(byte[] logId) {
    return tlogs.stream().filter(l -> Arrays.equals(l.id(), logId)).findFirst();
  }

  List<Log> ctLogs() {
    return ctLogs;
  }

  /** sigstore-java's SCT verifier over the CT logs' keys. */
  CTVerifier ctVerifier() {
    return ctVerifier;
  }

  List<Authority> certificateAuthorities() {
    return certificateAuthorities;
  }

  /** The CA's chain validated once for its leaves ({@link LeafPath}), or empty: full PKIX. */
  Optional<LeafPath> leafPath(Authority ca) {
    return leafPaths.computeIfAbsent(ca, LeafPath::of);
  }

  List<Authority> timestampAuthorities() {
    return timestampAuthorities;
  }

  private static List<Log> logs(List<TransparencyLog> logs) {
    List<Log> out = new ArrayList<>();
    for (TransparencyLog log : logs) {
      out.add(
          new Log(
              log.getLogId().getKeyId(),
              key(log.getPublicKey()),
              log.getPublicKey().getValidFor(),
              String.valueOf(log.getBaseUrl())));
    }
    return out;
  }

  private static Optional<PublicKey> key(dev.sigstore.trustroot.PublicKey key) {
    if (key.getKeyDetails().startsWith("PKCS1_")) {
      try {
        return Optional.of(key.toJavaPublicKey());
      } catch (Exception | LinkageError e) {
        return Optional.empty();
      }
    }
    // every PKIX_* key is a DER SubjectPublicKeyInfo, whatever its curve or hash
    try {
      return Optional.of(
          VerificationKey.fromSubjectPublicKeyInfo(key.getRawBytes(), "log key").publicKey());
    } catch (InvalidPolicyException e) {
      return Optional.empty();
    }
  }

  private static List<Authority> authorities(List<CertificateAuthority> authorities) {
    List<Authority> out = new ArrayList<>();
    for (CertificateAuthority ca : authorities) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate c : ca.getCertPath().getCertificates()) {
        certificates.add((X509Certificate) c);
      }
      if (!certificates.isEmpty()) {
        out.add(new Authority(certificates, ca.getValidFor(), String.valueOf(ca.getUri())));
      }
    }
    return out;
  }
}
