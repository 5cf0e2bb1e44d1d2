package dev.trustmirror.testkit.sigstore;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/** RFC 6962 3.1 precertificate handling: the TBSCertificate an SCT for a leaf is signed over. */
final class Precertificates {

  /** RFC 6962 3.1: the critical poison extension that marks a precertificate. */
  static final String POISON_OID = "1.3.6.1.4.1.11129.2.4.3";

  /** RFC 6962 3.3: the embedded {@code SignedCertificateTimestampList} extension. */
  static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";

  private Precertificates() {}

  /**
   * The DER TBSCertificate of {@code certificate} with the extensions {@code removed} taken out and
   * the others kept in order: for a precertificate without the poison, for a final certificate
   * without the SCT list. Both give the same bytes when the certificates agree, which is what a CT
   * verifier checks.
   */
  static byte[] tbsWithout(X509Certificate certificate, Set<String> removed) {
    try {
      TBSCertificate tbs = Certificate.getInstance(certificate.getEncoded()).getTBSCertificate();
      Extensions extensions = tbs.getExtensions();
      List<Extension> kept = new ArrayList<>();
      for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
        if (!removed.contains(oid.getId())) {
          kept.add(extensions.getExtension(oid));
        }
      }
      var generator = new V3TBSCertificateGenerator();
      generator.setSerialNumber(tbs.getSerialNumber());
      generator.setSignature(tbs.getSignature());
      generator.setIssuer(tbs.getIssuer());
      generator.setStartDate(tbs.getStartDate());
      generator.setEndDate(tbs.getEndDate());
      generator.setSubject(tbs.getSubject());
      generator.setSubjectPublicKeyInfo(tbs.getSubjectPublicKeyInfo());
      generator.setExtensions(new Extensions(kept.toArray(Extension[]::new)));
      return generator.generateTBSCertificate().getEncoded(ASN1Encoding.DER);
    } catch (CertificateEncodingException | IOException e) {
      throw new IllegalStateException("Tried to re-encode a TBSCertificate but failed", e);
    }
  }
}
