package dev.trustmirror.verifier.registry;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed manifest: a single image ({@link ImageManifest}) or an index of manifests ({@link
 * ImageIndex}). The model is a view of the raw bytes, which {@link ManifestContent} keeps: the
 * digest is over those bytes, never over a re-serialization.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {
  /** Default upper bound of a manifest or index (4 MiB, as distribution's own limit). */
  long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

  /** The media type (one of {@link MediaTypes#MANIFESTS} or {@link MediaTypes#INDEXES}). */
  String mediaType();

  /** The descriptor of the manifest this one refers to (OCI 1.1 {@code subject}), when present. */
  Optional<Descriptor> subject();

  /** The artifact type (OCI 1.1), when present. */
  Optional<String> artifactType();

  /** The manifest's annotations, in document order. */
  Map<String, String> annotations();

  /**
   * Parses manifest or index bytes.
   *
   * @param bytes the exact bytes received
   * @param contentType the {@code Content-Type} the registry sent, when it sent one
   * @param location where the bytes come from, for messages
   * @param maxBytes longest accepted input
   * @throws MalformedManifestException when the bytes are not a manifest or index we accept
   * @throws ContentTooLargeException when there are more than {@code maxBytes} bytes
   */
  static Manifest parse(byte[] bytes, Optional<String> contentType, String location, long maxBytes)
      throws MalformedManifestException, ContentTooLargeException {
    return ManifestParser.parse(bytes, contentType, location, maxBytes);
  }
}
