package dev.trustmirror.verifier.admission;

import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP layer sends back, and what it records: the status, content type and body to write;
 * the outcome and decision for metrics and logs; the Event to post, if any.
 *
 * @param httpStatus 200 for every AdmissionReview answered (allowed or not), 400 otherwise
 * @param contentType {@code application/json}, or {@code text/plain; charset=utf-8} for a 400
 * @param body the bytes to write
 * @param outcome what was answered
 * @param uid the request's uid, when known
 * @param decision the decision, when images were checked
 * @param event the Warning Event to post, when Warn policies failed (only for {@code /validate},
 *     never for a dry run)
 * @param summary one line for the log
 */
public record WebhookReply(
    int httpStatus,
    String contentType,
    byte[] body,
    ReviewOutcome outcome,
    Optional<String> uid,
    Optional<AdmissionDecision> decision,
    Optional<WarningEvent> event,
    String summary) {
  public WebhookReply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(summary, "summary");
  }
}
