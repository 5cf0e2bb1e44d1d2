package dev.trustmirror.verifier.text;

/**
 * Renders untrusted text (an image reference, a registry header, a policy glob, a certificate
 * subject, a field of an AdmissionReview) for messages: control characters escaped so that hostile
 * input cannot forge log lines, long input cut.
 */
public final class UntrustedText {
  private static final int MAX = 200;

  private UntrustedText() {}

  /** The printable form of {@code text}; {@code (none)} for null. */
  public static String of(String text) {
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
