package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Part;
import dev.trustmirror.verifier.sigstore.MalformedSignatureException.Rule;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM blocks (RFC 7468) and the X.509 certificates in them. Only whitespace may surround and
 * separate the blocks: anything else is refused rather than skipped.
 */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** One decoded PEM block. */
  record Block(String label, byte[] der) {}

  private Pem() {}

  /** Every block of {@code text}, in order; refused when there is none or something else. */
  static List<Block> blocks(String text, Part part, String field)
      throws MalformedSignatureException {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    int end = 0;
    while (m.find()) {
      requireBlank(text.substring(end, m.start()), part, field);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).strip());
      } catch (IllegalArgumentException e) {
        throw new MalformedSignatureException(
            part, Rule.NOT_PEM, field, "a PEM block is not base64", e);
      }
      if (der.length == 0) {
        throw new MalformedSignatureException(part, Rule.NOT_PEM, field, "a PEM block is empty");
      }
      blocks.add(new Block(m.group(1), der));
      end = m.end();
    }
    requireBlank(text.substring(end), part, field);
    if (blocks.isEmpty()) {
      throw new MalformedSignatureException(part, Rule.NOT_PEM, field, "it holds no PEM block");
    }
    return blocks;
  }

  /** The certificates of {@code text}: one or more CERTIFICATE blocks and nothing else. */
  static List<X509Certificate> certificates(String text, Part part, String field)
      throws MalformedSignatureException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Block block : blocks(text, part, field)) {
      if (!block.label().equals("CERTIFICATE")) {
        throw new MalformedSignatureException(
            part,
            Rule.NOT_PEM,
            field,
            "it holds a '" + block.label() + "' block where a CERTIFICATE belongs");
      }
      certificates.add(certificate(block.der(), part, field));
    }
    return certificates;
  }

  /** An X.509 certificate from its DER encoding. */
  static X509Certificate certificate(byte[] der, Part part, String field)
      throws MalformedSignatureException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new MalformedSignatureException(
          part, Rule.NOT_A_CERTIFICATE, field, "it is not an X.509 certificate", e);
    }
  }

  private static void requireBlank(String between, Part part, String field)
      throws MalformedSignatureException {
    if (!between.isBlank()) {
      throw new MalformedSignatureException(
          part, Rule.NOT_PEM, field, "it holds text outside PEM blocks");
    }
  }
}
