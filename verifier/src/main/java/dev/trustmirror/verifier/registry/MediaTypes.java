package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Set;

/** The media types the registry client reads and the verifier looks for. */
public final class MediaTypes {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index (multi-platform images, referrers lists). */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Docker image manifest, schema 2. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker manifest list (multi-platform images). */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** OCI image configuration. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

  /** OCI tar+gzip layer. */
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** The OCI 1.1 empty descriptor's media type ({@code {}}, used as config of artifacts). */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** The layer of a cosign signature manifest: the simple-signing payload. */
  public static final String COSIGN_SIMPLE_SIGNING =
      "application/vnd.dev.cosign.simplesigning.v1+json";

  /** A Sigstore bundle, v0.3 (artifact type of bundles attached as OCI 1.1 referrers). */
  public static final String SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Media types of a single image manifest. */
  public static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

  /** Media types of an index of manifests. */
  public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  /**
   * The {@code Accept} list of manifest requests, OCI first: every manifest and index type this
   * client parses (a registry converts or refuses what is not listed).
   */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private MediaTypes() {}

  /** Whether {@code type} is one of {@link #MANIFESTS} or {@link #INDEXES}. */
  public static boolean isManifestOrIndex(String type) {
    return MANIFESTS.contains(type) || INDEXES.contains(type);
  }

  /**
   * Whether {@code type} has the syntax of a media type ({@code type/subtype}, RFC 6838 restricted
   * names, as the OCI image specification requires of descriptors).
   */
  static boolean isWellFormed(String type) {
    int slash = type.indexOf('/');
    return slash > 0
        && isRestrictedName(type.substring(0, slash))
        && isRestrictedName(type.substring(slash + 1));
  }

  private static boolean isRestrictedName(String name) {
    if (name.isEmpty() || name.length() > 127) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || "!#$&^_.+-".indexOf(c) < 0)) {
        return false;
      }
    }
    return true;
  }
}
