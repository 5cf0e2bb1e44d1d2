package dev.trustmirror.verifier.cluster;

import dev.trustmirror.kube.events.CountedEvents;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Records core v1 {@code Event}s of the webhook (source component {@value #COMPONENT}) through the
 * kube module's {@link CountedEvents} (created once, then counted). The Event's name is derived
 * from the key, so every replica of the webhook counts the same object.
 */
final class EventPoster {
  /** {@code source.component} and {@code reportingComponent}. */
  static final String COMPONENT = "trust-mirror-webhook";

  private static final int MAX_ATTEMPTS = 5;

  private final CountedEvents events;

  EventPoster(KubernetesClient client) {
    this.events = new CountedEvents(client, COMPONENT, Optional.empty(), MAX_ATTEMPTS);
  }

  /**
   * One Event of the key ({@code type}, {@code reason}, {@code key}) about {@code involved}:
   * created, or counted when it exists.
   *
   * @param namespace where the Event lives
   * @param objectName the Event's name ({@link #objectName})
   * @throws KubernetesClientException when the API server refuses or cannot be reached
   */
  void record(
      String namespace,
      String objectName,
      String type,
      String reason,
      String message,
      ObjectReference involved,
      Instant time) {
    events.record(
        namespace,
        objectName,
        type,
        reason,
        StatusCondition.bounded(message),
        involved,
        time,
        CountedEvents.Repeat.COUNT);
  }

  /**
   * An Event name: {@code <prefix>.<16 hex of sha256(key)>}, where the prefix is {@code objectName}
   * made a valid DNS subdomain (lower case, other characters replaced by {@code -}, cut to 200
   * characters; {@code event} when nothing is left). The same key always gives the same name; two
   * keys give different names.
   */
  static String objectName(String objectName, String key) {
    String prefix = objectName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    if (prefix.length() > 200) {
      prefix = prefix.substring(0, 200);
    }
    // a DNS label may neither start nor end in '-', nor be empty
    StringJoiner labels = new StringJoiner(".");
    for (String label : prefix.split("\\.")) {
      String trimmed = label.replaceAll("^-+", "").replaceAll("-+$", "");
      if (!trimmed.isEmpty()) {
        labels.add(trimmed);
      }
    }
    prefix = labels.toString();
    return (prefix.isEmpty() ? "event" : prefix) + "." + sha256(key).substring(0, 16);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
