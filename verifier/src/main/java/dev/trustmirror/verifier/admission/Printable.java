package dev.trustmirror.verifier.admission;

/**
 * Renders untrusted text (an image, a name, a field from an AdmissionReview) for messages: control
 * characters escaped so that hostile input cannot forge log lines, long input cut.
 */
final class Printable {
  private static final int MAX = 200;

  private Printable() {}

  static String of(String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder();
    int limit = Math.min(text.length(), MAX);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX) {
      out.append("...(").append(text.length()).append(" characters)");
    }
    return out.toString();
  }
}
