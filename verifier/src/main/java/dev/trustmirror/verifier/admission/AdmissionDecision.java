package dev.trustmirror.verifier.admission;

import java.util.List;
import java.util.Objects;

/**
 * The decision for a workload: one result per image checked. Admitted unless an image is denied.
 *
 * @param workload the workload, with the images that were checked (on UPDATE: the changed ones)
 * @param images one result per image of {@code workload}, in its order
 */
public record AdmissionDecision(Workload workload, List<ImageResult> images) {
  public AdmissionDecision {
    Objects.requireNonNull(workload, "workload");
    images = List.copyOf(images);
  }

  /** DENY when an image is denied, else WARN when an image has warnings, else ALLOW. */
  public Effect effect() {
    Effect effect = Effect.ALLOW;
    for (ImageResult image : images) {
      effect = effect.and(image.effect());
    }
    return effect;
  }

  /** Whether the workload is admitted. */
  public boolean allowed() {
    return effect() != Effect.DENY;
  }

  /** The images to pin to a digest, in order. */
  public List<ImageResult> pins() {
    return images.stream().filter(i -> i.pin().isPresent()).toList();
  }
}
