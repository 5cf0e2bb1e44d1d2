package dev.trustmirror.mirror;

import java.util.List;

/**
 * The exact settings a Sigstore client needs to use a mirror: its URL as a TUF mirror, and the
 * {@code cosign initialize} line with the newest root the mirror serves.
 */
final class ClientSettings {
  private ClientSettings() {}

  /**
   * {@code --tuf-mirror URL} and {@code cosign initialize --mirror URL --root URL/N.root.json}.
   *
   * @param mirrorUrl the mirror's URL, with or without a trailing slash
   * @param rootVersion the newest root version served
   */
  static List<String> lines(String mirrorUrl, int rootVersion) {
    String url =
        mirrorUrl.endsWith("/") ? mirrorUrl.substring(0, mirrorUrl.length() - 1) : mirrorUrl;
    return List.of(
        "--tuf-mirror " + url,
        "cosign initialize --mirror " + url + " --root " + url + "/" + rootVersion + ".root.json");
  }
}
