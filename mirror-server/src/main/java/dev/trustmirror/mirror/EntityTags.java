package dev.trustmirror.mirror;

/**
 * Evaluates {@code If-None-Match} (RFC 9110 13.1.2) against the entity tag of the representation
 * that would be sent. The comparison is weak ({@code W/"x"} matches {@code "x"}), as the RFC
 * requires for this header.
 */
final class EntityTags {
  private EntityTags() {}

  /**
   * Whether {@code ifNoneMatch} ({@code *} or a comma-separated list of entity tags) matches {@code
   * etag} (a quoted strong tag), so that the answer is 304. A malformed list matches nothing, and
   * the full response is sent.
   */
  static boolean anyMatches(String ifNoneMatch, String etag) {
    String s = ifNoneMatch.trim();
    if (s.equals("*")) {
      return true;
    }
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
        i++;
      }
      if (i >= n) {
        return false;
      }
      if (s.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || s.charAt(i) != '"') {
        return false;
      }
      int end = s.indexOf('"', i + 1);
      if (end < 0) {
        return false;
      }
      if (s.regionMatches(i, etag, 0, etag.length()) && end + 1 - i == etag.length()) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }
}
