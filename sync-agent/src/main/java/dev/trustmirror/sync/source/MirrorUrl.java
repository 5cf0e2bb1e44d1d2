package dev.trustmirror.sync.source;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The base URL of a repository served over HTTP(S), always ending with {@code /}, joined with
 * published paths whose segments are percent-encoded. Made only by {@link #parse}.
 */
final class MirrorUrl {
  private final URI base;

  private MirrorUrl(URI base) {
    this.base = base;
  }

  /**
   * Parses a base URL ({@code https://tuf-repo-cdn.sigstore.dev}).
   *
   * @throws IllegalArgumentException when it is not http(s), has no host, carries credentials, a
   *     query or a fragment
   */
  static MirrorUrl parse(URI base) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("Not an http(s) URL: " + base);
    }
    if (base.getHost() == null) {
      throw new IllegalArgumentException("No host in the URL " + base);
    }
    if (base.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "Credentials in the source URL are not supported: " + base.getHost());
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "The source URL may not have a query or fragment: " + base);
    }
    String text = base.toString();
    return new MirrorUrl(text.endsWith("/") ? base : URI.create(text + "/"));
  }

  /** Whether the URL is https. */
  boolean isHttps() {
    return "https".equalsIgnoreCase(base.getScheme());
  }

  /** The URL of a (checked) published path: each segment percent-encoded. */
  URI resolve(String path) {
    StringBuilder url = new StringBuilder(base.toString());
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        url.append('/');
      }
      url.append(encodeSegment(segments[i]));
    }
    return URI.create(url.toString());
  }

  /**
   * Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved characters, so no name
   * can change the meaning of the URL ({@code ?}, {@code #}, {@code %}) and {@code +} is never read
   * as a space.
   */
  static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
