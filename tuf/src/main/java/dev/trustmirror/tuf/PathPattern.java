package dev.trustmirror.tuf;

/**
 * TUF delegation path patterns: shell-style wildcards matched segment by segment, so {@code *}
 * never crosses a {@code /} ({@code targets/*.tgz} matches {@code targets/foo.tgz}, not {@code
 * targets/foo/bar.tgz}). Supports {@code *} and {@code ?}.
 */
final class PathPattern {
  private PathPattern() {}

  static boolean matches(String pattern, String targetName) {
    String[] p = pattern.split("/", -1);
    String[] t = targetName.split("/", -1);
    if (p.length != t.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (!glob(p[i], 0, t[i], 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
