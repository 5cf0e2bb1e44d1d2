package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of a decision: the denial message (every container, image, policy and reason that
 * denied), the admission warnings (one per Warn failure) and the Event message. All bounded: a pod
 * of 500 failing containers yields a long message, never an unbounded one.
 */
final class DecisionMessages {
  /** Longest denial message. kubectl prints it whole; the API server keeps it in the response. */
  static final int MAX_MESSAGE = 8192;

  /** Longest single warning (the API server truncates long warnings itself, at 4 KiB in total). */
  static final int MAX_WARNING = 512;

  /** Most warnings per response; further ones are counted in a last warning. */
  static final int MAX_WARNINGS = 20;

  /** Longest Event message (an Event's note is limited to 1 KiB). */
  static final int MAX_EVENT_MESSAGE = 1024;

  private DecisionMessages() {}

  /** Every Block failure: one line per denied image. */
  static String denial(AdmissionDecision decision) {
    List<ImageResult> denied =
        decision.images().stream().filter(i -> i.effect() == Effect.DENY).toList();
    StringBuilder message =
        new StringBuilder("Tried to admit ")
            .append(decision.workload().describe())
            .append(" but failed because ")
            .append(denied.size())
            .append(denied.size() == 1 ? " image does" : " images do")
            .append(" not pass the ImageTrustPolicies that apply:");
    for (ImageResult image : denied) {
      message.append('\n').append(line(image, Effect.DENY));
    }
    return cut(message.toString(), MAX_MESSAGE);
  }

  /** One warning per Warn failure of an image, bounded in length and number. */
  static List<String> warnings(AdmissionDecision decision) {
    List<String> all = new ArrayList<>();
    for (ImageResult image : decision.images()) {
      for (PolicyResult failure : image.failures(Effect.WARN)) {
        all.add(cut(prefix(image) + ": " + failure.describe(), MAX_WARNING));
      }
    }
    if (all.size() <= MAX_WARNINGS) {
      return all;
    }
    List<String> kept = new ArrayList<>(all.subList(0, MAX_WARNINGS - 1));
    kept.add((all.size() - kept.size()) + " more images failed Warn policies");
    return kept;
  }

  /** The Event's message: admitted despite the Warn failures. */
  static String event(AdmissionDecision decision) {
    return cut(
        "Admitted "
            + decision.workload().describe()
            + " although ImageTrustPolicies with failurePolicy Warn failed: "
            + String.join(" | ", warnings(decision)),
        MAX_EVENT_MESSAGE);
  }

  private static String line(ImageResult image, Effect effect) {
    StringBuilder line = new StringBuilder("- ").append(prefix(image)).append(": ");
    List<PolicyResult> failures = image.failures(effect);
    for (int i = 0; i < failures.size(); i++) {
      line.append(i == 0 ? "" : "; also ").append(failures.get(i).describe());
    }
    return line.toString();
  }

  private static String prefix(ImageResult image) {
    return image.container().describe()
        + " image \""
        + UntrustedText.of(image.container().image())
        + "\"";
  }

  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String tail = " ... (" + (text.length() - max) + " more characters)";
    return text.substring(0, max - tail.length()) + tail;
  }
}
