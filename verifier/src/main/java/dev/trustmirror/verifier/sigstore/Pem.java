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

/**
 * PEM blocks (RFC 7468) and the X.509 certificates in them. Only whitespace may surround and
 * separate the blocks: anything else is refused rather than skipped.
 */
final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 40;

  /** One decoded PEM block. */
  record Block(String label, byte[] der) {}

  /** Where a block was found: its label, its base64 body, its extent. */
  private record Found(int start, String label, int bodyStart, int bodyEnd, int end) {}

  private Pem() {}

  /** Every block of {@code text}, in order; refused when there is none or something else. */
  static List<Block> blocks(String text, Part part, String field)
      throws MalformedSignatureException {
    List<Block> blocks = new ArrayList<>();
    int end = 0;
    for (Found m = find(text, 0); m != null; m = find(text, m.end())) {
      requireBlank(text.substring(end, m.start()), part, field);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(text.substring(m.bodyStart(), m.bodyEnd()).strip());
      } catch (IllegalArgumentException e) {
        throw new MalformedSignatureException(
            part, Rule.NOT_PEM, field, "a PEM block is not base64", e);
      }
      if (der.length == 0) {
        throw new MalformedSignatureException(part, Rule.NOT_PEM, field, "a PEM block is empty");
      }
      blocks.add(new Block(m.label(), der));
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

  /**
   * The first block at or after {@code from}, as the regular expression {@code -----BEGIN ([A-Z0-9
   * ]{1,40})-----([A-Za-z0-9+/=\s]*)-----END \1-----} would find it (a hand-written scanner: the
   * expression cost a few percent of a whole verification); null when there is none.
   */
  private static Found find(String text, int from) {
    for (int start = text.indexOf(BEGIN, from);
        start >= 0;
        start = text.indexOf(BEGIN, start + 1)) {
      Found found = blockAt(text, start);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Found blockAt(String text, int start) {
    int labelStart = start + BEGIN.length();
    int i = labelStart;
    while (i < text.length() && i - labelStart < MAX_LABEL && isLabel(text.charAt(i))) {
      i++;
    }
    if (i == labelStart || !text.startsWith(DASHES, i)) {
      return null;
    }
    String label = text.substring(labelStart, i);
    int bodyStart = i + DASHES.length();
    int bodyEnd = bodyStart;
    while (bodyEnd < text.length() && isBody(text.charAt(bodyEnd))) {
      bodyEnd++;
    }
    String footer = "-----END " + label + DASHES;
    return text.startsWith(footer, bodyEnd)
        ? new Found(start, label, bodyStart, bodyEnd, bodyEnd + footer.length())
        : null;
  }

  private static boolean isLabel(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
  }

  /** {@code [A-Za-z0-9+/=\s]}, where {@code \s} is {@code [ \t\n\x0B\f\r]}. */
  private static boolean isBody(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '='
        || c == ' '
        || c == '\t'
        || c == '\n'
        || c == 0x0B
        || c == '\f'
        || c == '\r';
  }

  private static void requireBlank(String between, Part part, String field)
      throws MalformedSignatureException {
    if (!between.isBlank()) {
      throw new MalformedSignatureException(
          part, Rule.NOT_PEM, field, "it holds text outside PEM blocks");
    }
  }
}
