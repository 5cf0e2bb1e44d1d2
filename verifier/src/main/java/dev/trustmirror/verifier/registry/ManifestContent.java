package dev.trustmirror.verifier.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A manifest or index as received: the exact bytes, their digest (checked against the digest asked
 * for, or the registry's {@code Docker-Content-Digest}), the media type and the parsed model.
 * Signatures are verified over {@link #bytes()}, never over a re-serialization of {@link
 * #manifest()}.
 */
public final class ManifestContent {
  private final Digest digest;
  private final byte[] bytes;
  private final Manifest manifest;

  private ManifestContent(Digest digest, byte[] bytes, Manifest manifest) {
    this.digest = digest;
    this.bytes = bytes;
    this.manifest = manifest;
  }

  /**
   * Parses {@code bytes} and checks that they hash to {@code digest}.
   *
   * @param digest the digest the bytes must have
   * @param bytes the exact bytes received
   * @param contentType the {@code Content-Type} sent with them, when one was
   * @param location where they come from, for messages
   * @param maxBytes longest accepted manifest
   */
  public static ManifestContent of(
      Digest digest, byte[] bytes, Optional<String> contentType, String location, long maxBytes)
      throws MalformedManifestException, ContentTooLargeException, DigestMismatchException {
    Objects.requireNonNull(digest, "digest");
    byte[] copy = bytes.clone();
    if (copy.length > maxBytes) {
      throw new ContentTooLargeException(location, "a manifest", maxBytes);
    }
    // The digest first: content that is not what was asked for is refused as such, whatever it is.
    Digest found = Digest.of(digest.algorithm(), copy);
    if (!found.equals(digest)) {
      throw new DigestMismatchException(
          location, DigestMismatchException.Source.CONTENT, digest, found);
    }
    return new ManifestContent(digest, copy, Manifest.parse(copy, contentType, location, maxBytes));
  }

  /** The digest of {@link #bytes()}. */
  public Digest digest() {
    return digest;
  }

  /** The media type ({@link MediaTypes#OCI_MANIFEST}, {@link MediaTypes#OCI_INDEX}...). */
  public String mediaType() {
    return manifest.mediaType();
  }

  /** A copy of the exact bytes received. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** The parsed manifest or index. */
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public String toString() {
    return mediaType() + " " + digest + " (" + bytes.length + " bytes)";
  }
}
