package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.Repository;
import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Locale;
import java.util.Objects;

/**
 * A glob over repository names, matched against the normalised name {@code registry/path} of an
 * image ({@code docker.io/library/nginx}, {@code ghcr.io/org/app}); tags and digests take no part.
 * {@code *} matches any characters within one path segment, {@code **} any characters across
 * segments (policy-controller's glob semantics).
 *
 * <p>Globs are normalised like references, so that policy-controller globs carry over: {@code
 * index.docker.io/} is {@code docker.io/}; a glob whose first segment is a plain word (no {@code
 * .}, {@code :} or wildcard, not {@code localhost}) is on Docker Hub ({@code nginx} is {@code
 * docker.io/library/nginx}, {@code bitnami/*} is {@code docker.io/bitnami/*}); {@code *} alone is
 * {@code docker.io/library/*} and {@code *}{@code /*} is {@code docker.io/*}{@code /*}. Matching is
 * case-insensitive (registries are host names; repository paths are lowercase anyway).
 *
 * <p>Matching is a dynamic programme over glob and name, linear in their product: no regular
 * expression, so no pattern can make it backtrack.
 */
public final class ImageGlob {
  /** Longest glob accepted, as in the CRD. */
  public static final int MAX_LENGTH = 512;

  private static final int STAR = -1;
  private static final int DOUBLE_STAR = -2;

  private final String text;
  private final String normalized;
  private final int[] tokens;
  private final String literalPrefix;

  /** How many tokens follow the literal prefix. */
  private final int rest;

  private ImageGlob(String text, String normalized) {
    this.text = text;
    this.normalized = normalized;
    this.tokens = tokenize(normalized);
    int star = normalized.indexOf('*');
    this.literalPrefix = star < 0 ? normalized : normalized.substring(0, star);
    this.rest = tokens.length - literalPrefix.length();
  }

  /**
   * Parses a glob.
   *
   * @throws InvalidImageTrustPolicyException with field {@code glob} when it is empty, too long,
   *     has characters other than letters, digits, {@code -_.:/*}, an empty segment, three stars in
   *     a row, a tag, or can never match a name
   */
  public static ImageGlob parse(String text) throws InvalidImageTrustPolicyException {
    return parse(text, "glob");
  }

  static ImageGlob parse(String text, String field) throws InvalidImageTrustPolicyException {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidImageTrustPolicyException(Rule.EMPTY, field, "is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidImageTrustPolicyException(
          Rule.TOO_LONG, field, "has " + text.length() + " characters, more than " + MAX_LENGTH);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.:/*".indexOf(c) >= 0;
      if (!allowed) {
        throw invalid(
            field,
            text,
            "has the character '"
                + UntrustedText.of(String.valueOf(c))
                + "'; globs are letters, digits, '-', '_', '.', ':', '/' and '*'");
      }
    }
    if (text.contains("***")) {
      throw invalid(field, text, "has three stars in a row; use '*' or '**'");
    }
    if (text.startsWith("/") || text.endsWith("/") || text.contains("//")) {
      throw invalid(field, text, "has an empty path segment");
    }
    String normalized = normalize(text.toLowerCase(Locale.ROOT));
    int slash = normalized.indexOf('/');
    if (slash >= 0 && normalized.indexOf(':', slash) >= 0) {
      throw invalid(
          field,
          text,
          "has a tag or digest (':' after the registry); globs match repository names only");
    }
    if (slash < 0 && !normalized.contains("**")) {
      throw invalid(
          field,
          text,
          "can never match: an image name is registry/path (write e.g. 'registry.example/**')");
    }
    return new ImageGlob(text, normalized);
  }

  private static String normalize(String glob) {
    if (glob.equals("*")) {
      return "docker.io/library/*";
    }
    if (glob.equals("*/*")) {
      return "docker.io/*/*";
    }
    String out = glob;
    if (out.startsWith("index.docker.io/")) {
      out = ImageReference.DOCKER_HUB + out.substring("index.docker.io".length());
    } else {
      int slash = out.indexOf('/');
      String first = slash < 0 ? out : out.substring(0, slash);
      boolean plainWord =
          first.indexOf('*') < 0
              && first.indexOf('.') < 0
              && first.indexOf(':') < 0
              && !first.equals("localhost");
      if (plainWord) {
        out = ImageReference.DOCKER_HUB + "/" + out;
      }
    }
    String hub = ImageReference.DOCKER_HUB + "/";
    if (out.startsWith(hub)) {
      String path = out.substring(hub.length());
      // Docker Hub names have two segments at least: "nginx" is "library/nginx" (as references)
      if (path.indexOf('/') < 0 && !path.contains("**")) {
        out = hub + "library/" + path;
      }
    }
    return out;
  }

  private static InvalidImageTrustPolicyException invalid(String field, String text, String why) {
    return new InvalidImageTrustPolicyException(
        Rule.INVALID_GLOB, field, "('" + UntrustedText.of(text) + "') " + why);
  }

  private static int[] tokenize(String glob) {
    int[] out = new int[glob.length()];
    int n = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        out[n++] = DOUBLE_STAR;
        i++;
      } else {
        out[n++] = c == '*' ? STAR : c;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Whether the glob matches the repository name {@code registry/path}. */
  public boolean matches(Repository repository) {
    return matchesName(repository.matchName());
  }

  /** Whether the glob matches the image's repository (its tag and digest are ignored). */
  public boolean matches(ImageReference image) {
    return matches(image.repository());
  }

  /** Whether the glob matches {@code name}, already normalised and lowercase. */
  boolean matchesName(String name) {
    if (!name.startsWith(literalPrefix)) {
      return false;
    }
    // The literal prefix is matched; the tokens after it (starting with a star) match the rest.
    int from = literalPrefix.length();
    int first = tokens.length - rest;
    if (rest == 0) {
      return name.length() == from;
    }
    if (rest == 1 && tokens[first] == DOUBLE_STAR) {
      return true; // "prefix/**", the common glob
    }
    int n = name.length();
    // next[j]: tokens i+1.. match name[j..]; start with "no tokens left matches only the end"
    boolean[] next = new boolean[n + 1];
    boolean[] current = new boolean[n + 1];
    next[n] = true;
    for (int i = tokens.length - 1; i >= first; i--) {
      int token = tokens[i];
      for (int j = n; j >= from; j--) {
        if (token == DOUBLE_STAR) {
          current[j] = next[j] || (j < n && current[j + 1]);
        } else if (token == STAR) {
          current[j] = next[j] || (j < n && name.charAt(j) != '/' && current[j + 1]);
        } else {
          current[j] = j < n && name.charAt(j) == token && next[j + 1];
        }
      }
      boolean[] swap = next;
      next = current;
      current = swap;
    }
    return next[from];
  }

  /** The glob as written in the policy. */
  public String text() {
    return text;
  }

  /** The glob as matched: lowercase, {@code docker.io} spelled out. */
  public String normalized() {
    return normalized;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageGlob other && normalized.equals(other.normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }
}
