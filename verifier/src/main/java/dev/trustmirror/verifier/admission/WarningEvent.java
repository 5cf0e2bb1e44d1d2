package dev.trustmirror.verifier.admission;

import java.time.Instant;
import java.util.Objects;

/**
 * A Kubernetes Event of type Warning to record about a workload admitted despite failed Warn
 * policies: the material only; the webhook's wiring posts it (in the workload's namespace).
 *
 * @param reason {@link #NOT_VERIFIED} when an image is refused (no valid signature, invalid policy,
 *     missing trust root or key, registry refusal), else {@link #CHECK_FAILED} (unavailable
 *     registry, timeout, error)
 * @param message what failed, bounded to 1 KiB
 * @param involvedObject the workload
 * @param time when the decision was taken
 */
public record WarningEvent(
    String reason, String message, InvolvedObject involvedObject, Instant time) {
  /** An image was refused by a Warn policy. */
  public static final String NOT_VERIFIED = "ImageNotVerified";

  /** An image could not be checked for a Warn policy. */
  public static final String CHECK_FAILED = "ImageCheckFailed";

  /** Always Warning. */
  public static final String TYPE = "Warning";

  public WarningEvent {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(involvedObject, "involvedObject");
    Objects.requireNonNull(time, "time");
  }
}
