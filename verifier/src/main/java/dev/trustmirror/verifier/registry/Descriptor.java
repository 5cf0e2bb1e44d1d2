package dev.trustmirror.verifier.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest or index says about a blob or manifest it references.
 *
 * @param mediaType the referenced content's media type
 * @param digest the referenced content's digest
 * @param size the referenced content's size in bytes (0 or more)
 * @param artifactType the artifact type (OCI 1.1; referrers lists carry it), when given
 * @param annotations the descriptor's annotations (empty when none), in document order
 * @param platform the platform of an index entry, when given
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<String> artifactType,
    Map<String, String> annotations,
    Optional<Platform> platform) {
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must be 0 or more, not " + size);
    }
    Objects.requireNonNull(artifactType, "artifactType");
    annotations = Annotations.copyOf(annotations);
    Objects.requireNonNull(platform, "platform");
  }

  /** The annotation {@code key}, when present. */
  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }
}
