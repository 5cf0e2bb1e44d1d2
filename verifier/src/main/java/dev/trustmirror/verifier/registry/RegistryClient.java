package dev.trustmirror.verifier.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads images and their signatures from an OCI registry (distribution API v2, OCI distribution
 * 1.1). Every manifest and blob is bounded and checked against its digest. Failures are either
 * {@link RegistryUnavailableException} (transport: the registry is down or slow) or a {@link
 * RegistryRefusalException} subclass (the registry answered and the answer is refused). Safe for
 * use from several threads.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.create(RegistryClientOptions.defaults());
 * ImageReference image = ImageReference.parse("ghcr.io/org/app:v1");
 * Digest digest = registry.resolve(image);
 * Optional<ManifestContent> signatures =
 *     registry.tagManifest(image.repository(), Tag.cosignSignature(digest));
 * }</pre>
 */
public interface RegistryClient {

  /**
   * A client with these options.
   *
   * @throws IOException when the extra CA file cannot be read
   */
  static RegistryClient create(RegistryClientOptions options) throws IOException {
    return new HttpRegistryClient(RegistryTransport.create(options), options);
  }

  /**
   * The digest {@code image} designates: for a tag, the registry's {@code Docker-Content-Digest} of
   * a HEAD request (or, without that header, the digest of the manifest's bytes); for a digest
   * reference, the digest itself once the registry confirms the manifest exists. For a multi-arch
   * image this is the index digest (what cosign signs and verifies).
   *
   * @throws RegistryNotFoundException when the tag or digest does not exist
   */
  Digest resolve(ImageReference image)
      throws RegistryRefusalException, RegistryUnavailableException;

  /**
   * The manifest or index at {@code digest}; its bytes hash to {@code digest}.
   *
   * @throws RegistryNotFoundException when it does not exist
   * @throws DigestMismatchException when the bytes (or the registry's digest header) disagree
   */
  ManifestContent manifest(Repository repository, Digest digest)
      throws RegistryRefusalException, RegistryUnavailableException;

  /**
   * The manifest or index tagged {@code tag}; its digest is computed from the bytes and must agree
   * with the registry's {@code Docker-Content-Digest} when sent.
   *
   * @throws RegistryNotFoundException when the tag does not exist
   */
  ManifestContent manifest(Repository repository, Tag tag)
      throws RegistryRefusalException, RegistryUnavailableException;

  /**
   * The manifest tagged {@code tag}, or empty when the tag does not exist: for lookups whose
   * absence is normal, such as cosign's {@code sha256-<hex>.sig} ({@link Tag#cosignSignature}).
   */
  Optional<ManifestContent> tagManifest(Repository repository, Tag tag)
      throws RegistryRefusalException, RegistryUnavailableException;

  /**
   * The blob {@code digest}, at most {@code maxBytes} long (the download stops as soon as the limit
   * is passed), hashed while read and checked against {@code digest}. Redirects to storage are
   * followed; the registry's {@code Authorization} is never sent to another origin.
   *
   * @throws ContentTooLargeException when the blob is longer than {@code maxBytes}
   * @throws DigestMismatchException when the bytes do not hash to {@code digest}
   * @throws RegistryNotFoundException when it does not exist
   */
  byte[] blob(Repository repository, Digest digest, long maxBytes)
      throws RegistryRefusalException, RegistryUnavailableException;

  /**
   * The descriptors of the manifests whose {@code subject} is {@code subject} (OCI 1.1 referrers),
   * optionally only those of {@code artifactType}. Uses the referrers API and, when the registry
   * lacks it (404, as Debian's docker-registry 2.8), the referrers tag schema (an index tagged
   * {@code sha256-<hex>}). Empty when there are none. The list is the registry's word: whoever uses
   * a referrer reads its manifest by digest and checks its {@code subject}.
   */
  List<Descriptor> referrers(Repository repository, Digest subject, Optional<String> artifactType)
      throws RegistryRefusalException, RegistryUnavailableException;
}
