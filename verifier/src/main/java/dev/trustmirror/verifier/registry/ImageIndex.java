package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An index of manifests: OCI image index or Docker manifest list. A multi-platform image, or a list
 * of referrers (from the referrers API or the referrers tag schema).
 *
 * @param mediaType {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}
 * @param manifests the entries, in order
 * @param subject the manifest this index refers to (OCI 1.1), when present
 * @param artifactType the artifact type (OCI 1.1), when present
 * @param annotations the index's annotations
 */
public record ImageIndex(
    String mediaType,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Optional<String> artifactType,
    Map<String, String> annotations)
    implements Manifest {
  public ImageIndex {
    Objects.requireNonNull(mediaType, "mediaType");
    manifests = List.copyOf(manifests);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(artifactType, "artifactType");
    annotations = Annotations.copyOf(annotations);
  }
}
