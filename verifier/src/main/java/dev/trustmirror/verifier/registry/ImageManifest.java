package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A single image (or artifact) manifest: OCI image manifest or Docker schema 2.
 *
 * @param mediaType {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
 * @param config the configuration blob
 * @param layers the layers, in order (for a cosign signature manifest: one per signature)
 * @param subject the manifest this artifact refers to (OCI 1.1), when present
 * @param artifactType the artifact type (OCI 1.1), when present
 * @param annotations the manifest's annotations
 */
public record ImageManifest(
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    Optional<Descriptor> subject,
    Optional<String> artifactType,
    Map<String, String> annotations)
    implements Manifest {
  public ImageManifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(artifactType, "artifactType");
    annotations = Annotations.copyOf(annotations);
  }
}
