package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;

/**
 * One image a workload runs: where it is in the object (for the JSON Patch), which container runs
 * it, and the reference exactly as written.
 *
 * @param pointer the JSON Pointer of the {@code image} field ({@code
 *     /spec/template/spec/containers/0/image})
 * @param type the list the container is in
 * @param containerName the container's name (empty when the object has none)
 * @param image the image reference as written ({@code nginx:1.27})
 */
public record ContainerImage(
    String pointer, ContainerType type, String containerName, String image) {
  public ContainerImage {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(containerName, "containerName");
    Objects.requireNonNull(image, "image");
  }

  /** {@code container "app"} or {@code init container "setup"}, for messages. */
  public String describe() {
    String what =
        switch (type) {
          case CONTAINER -> "container";
          case INIT_CONTAINER -> "init container";
          case EPHEMERAL_CONTAINER -> "ephemeral container";
        };
    return what + " \"" + UntrustedText.of(containerName) + "\"";
  }
}
