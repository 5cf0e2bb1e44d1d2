package dev.trustmirror.verifier.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the webhook.
 *
 * @param webhookTimeout the {@code timeoutSeconds} of the webhook configurations (1 to 30 s): the
 *     checks of a review get {@link #budget()}, 80% of it, so the answer (with its reasons) arrives
 *     before the API server gives up and applies the configuration's {@code failurePolicy}
 * @param maxBodyBytes largest AdmissionReview read; larger ones are answered HTTP 400
 * @param maxImages most images checked in one review; more deny the review
 */
public record WebhookSettings(Duration webhookTimeout, int maxBodyBytes, int maxImages) {
  /** 10 s (Kubernetes' default {@code timeoutSeconds}), 4 MiB, 1000 images. */
  public static final WebhookSettings DEFAULTS =
      new WebhookSettings(Duration.ofSeconds(10), 4 * 1024 * 1024, 1000);

  public WebhookSettings {
    Objects.requireNonNull(webhookTimeout, "webhookTimeout");
    if (webhookTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || webhookTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "A webhook's timeoutSeconds is 1 to 30 seconds, not " + webhookTimeout);
    }
    if (maxBodyBytes < 1024 || maxImages < 1) {
      throw new IllegalArgumentException("maxBodyBytes >= 1024 and maxImages >= 1");
    }
  }

  /** The time all checks of one review may take: 80% of {@link #webhookTimeout()}. */
  public Duration budget() {
    return webhookTimeout.multipliedBy(4).dividedBy(5);
  }
}
