package dev.trustmirror.verifier.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * Who a Fulcio certificate names: the OIDC issuer and the subjects (email and URI subject
 * alternative names).
 *
 * @param issuer the issuer from extension 1.3.6.1.4.1.57264.1.8 (a DER UTF8String), or from the
 *     deprecated 1.3.6.1.4.1.57264.1.1 (raw bytes) when .8 is absent
 * @param subjects the email (rfc822Name) and URI subject alternative names, in order
 */
public record SignerIdentity(Optional<String> issuer, List<String> subjects) {
  /** Fulcio's OIDC issuer extension (V2, DER-encoded). */
  public static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";

  /** Fulcio's deprecated OIDC issuer extension (V1, raw string). */
  public static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";

  private static final int RFC822_NAME = 1;
  private static final int URI = 6;

  public SignerIdentity {
    subjects = List.copyOf(subjects);
  }

  /** Reads the identity of {@code certificate}; a malformed extension counts as absent. */
  public static SignerIdentity of(X509Certificate certificate) {
    return new SignerIdentity(issuer(certificate), subjects(certificate));
  }

  /** {@code issuer/subject} for verdicts. */
  public String describe() {
    return issuer.orElse("(no issuer)")
        + "/"
        + (subjects.isEmpty() ? "(no subject)" : subjects.get(0));
  }

  private static Optional<String> issuer(X509Certificate certificate) {
    try {
      byte[] v2 = certificate.getExtensionValue(ISSUER_V2);
      if (v2 != null) {
        ASN1Primitive value =
            ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v2).getOctets());
        return value instanceof ASN1String s ? Optional.of(s.getString()) : Optional.empty();
      }
      byte[] v1 = certificate.getExtensionValue(ISSUER_V1);
      if (v1 != null) {
        return Optional.of(
            new String(ASN1OctetString.getInstance(v1).getOctets(), StandardCharsets.UTF_8));
      }
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static List<String> subjects(X509Certificate certificate) {
    List<String> subjects = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.size() == 2
              && name.get(0) instanceof Integer type
              && (type == RFC822_NAME || type == URI)
              && name.get(1) instanceof String value) {
            subjects.add(value);
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return subjects;
  }
}
