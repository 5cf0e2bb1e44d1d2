package dev.trustmirror.mirror;

import java.util.Locale;

/** Reads an {@code Accept-Encoding} header (RFC 9110 12.5.3) for the one coding the server has. */
final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * Whether the client accepts {@code gzip}: listed (or as {@code x-gzip}) with a quality above 0,
   * or covered by {@code *} with a quality above 0 and not listed explicitly. No header means no
   * preference, which a server may read as identity only; it does.
   */
  static boolean allowsGzip(String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    double gzip = -1;
    double any = -1;
    for (String item : header.split(",")) {
      String[] parts = item.split(";");
      String coding = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzip = Math.max(gzip, q);
      } else if (coding.equals("*")) {
        any = Math.max(any, q);
      }
    }
    return gzip >= 0 ? gzip > 0 : any > 0;
  }

  /**
   * The {@code q} parameter, 1 when absent, 0 when malformed (a client that garbles it gets no
   * gzip).
   */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          double q = Double.parseDouble(p.substring(2).trim());
          return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
