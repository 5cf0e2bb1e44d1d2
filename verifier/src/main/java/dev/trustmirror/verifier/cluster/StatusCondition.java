package dev.trustmirror.verifier.cluster;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One condition the webhook writes into a resource's {@code status.conditions} ({@code
 * metav1.Condition} shape), before a transition time is assigned.
 *
 * @param type the condition type
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason a CamelCase reason
 * @param message a sentence, at most {@link #MAX_MESSAGE} characters (cut otherwise)
 * @param observedGeneration the {@code metadata.generation} it was computed for, when known
 */
record StatusCondition(
    String type, String status, String reason, String message, OptionalLong observedGeneration) {
  /** Longest message written. */
  static final int MAX_MESSAGE = 1024;

  StatusCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(observedGeneration, "observedGeneration");
    message = bounded(message);
  }

  /** {@code text} cut to {@link #MAX_MESSAGE} characters. */
  static String bounded(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
