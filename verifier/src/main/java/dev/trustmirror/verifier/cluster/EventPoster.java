package dev.trustmirror.verifier.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Records core v1 {@code Event}s of the webhook (source component {@value #COMPONENT}) the way
 * client-go's aggregation does: the Event of a key is created once, and a repeat bumps its {@code
 * count} and {@code lastTimestamp} and replaces its message. The Event's name is derived from the
 * key, so every replica of the webhook counts the same object.
 */
final class EventPoster {
  /** {@code source.component} and {@code reportingComponent}. */
  static final String COMPONENT = "trust-mirror-webhook";

  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;

  EventPoster(KubernetesClient client) {
    this.client = client;
  }

  /**
   * One Event of the key ({@code type}, {@code reason}, {@code key}) about {@code involved}.
   *
   * @param namespace where the Event lives
   * @param objectName the Event's name ({@link #objectName})
   * @return the stored Event's count
   * @throws KubernetesClientException when the API server refuses or cannot be reached
   */
  int record(
      String namespace,
      String objectName,
      String type,
      String reason,
      String message,
      ObjectReference involved,
      Instant time) {
    String now = time.truncatedTo(ChronoUnit.SECONDS).toString();
    String bounded = StatusCondition.bounded(message);
    NonNamespaceOperation<Event, EventList, Resource<Event>> events =
        client.v1().events().inNamespace(namespace);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        events
            .resource(fresh(namespace, objectName, type, reason, bounded, involved, now))
            .create();
        return 1;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
      // AlreadyExists: the same key was recorded before, count it
      Event existing = events.withName(objectName).get();
      if (existing == null) {
        continue; // expired meanwhile: create it again
      }
      int count = existing.getCount() == null ? 2 : existing.getCount() + 1;
      existing.setCount(count);
      existing.setLastTimestamp(now);
      existing.setMessage(bounded);
      try {
        events.resource(existing).update();
        return count;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT
            && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
      }
    }
    throw new KubernetesClientException(
        "Tried to record Event "
            + namespace
            + "/"
            + objectName
            + " but failed because others kept writing it ("
            + MAX_ATTEMPTS
            + " attempts)",
        HttpURLConnection.HTTP_CONFLICT,
        null);
  }

  private Event fresh(
      String namespace,
      String name,
      String type,
      String reason,
      String message,
      ObjectReference involved,
      String now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(involved)
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
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
