package dev.trustmirror.kube.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Records core v1 {@code Event}s the way client-go's aggregation does: the Event of a name is
 * created once, and a repeat bumps its {@code count} and {@code lastTimestamp} and replaces its
 * message and involved object (or, for {@link Repeat#ONCE}, leaves it alone). The caller derives
 * the name from what makes two Events the same, so every replica counts one object. Shared by the
 * sync agent's publisher and the admission webhook.
 */
public final class CountedEvents {
  /** What a repeat of an Event does. */
  public enum Repeat {
    /** Count it: {@code count} and {@code lastTimestamp} go up, the message is the latest. */
    COUNT,
    /** Leave the first one alone. */
    ONCE
  }

  private final KubernetesClient client;
  private final String component;
  private final Optional<String> instance;
  private final int maxAttempts;

  /**
   * Events of {@code component} ({@code source.component} and {@code reportingComponent}).
   *
   * @param instance the {@code reportingInstance} (e.g. the pod's name), if any
   * @param maxAttempts how often a creation or count is tried again when others write the same
   *     Event at the same time
   */
  public CountedEvents(
      KubernetesClient client, String component, Optional<String> instance, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.client = Objects.requireNonNull(client, "client");
    this.component = Objects.requireNonNull(component, "component");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.maxAttempts = maxAttempts;
  }

  /**
   * Records one Event {@code namespace/name} about {@code involved}.
   *
   * @param message already bounded to what an Event may hold
   * @param time when it happened (seconds are kept, as the API server keeps them)
   * @return false only for a {@link Repeat#ONCE} Event recorded before
   * @throws KubernetesClientException when the API server refuses or cannot be reached, or others
   *     kept writing the Event for {@code maxAttempts} attempts (code 409)
   */
  public boolean record(
      String namespace,
      String name,
      String type,
      String reason,
      String message,
      ObjectReference involved,
      Instant time,
      Repeat repeat) {
    String now = time.truncatedTo(ChronoUnit.SECONDS).toString();
    NonNamespaceOperation<Event, EventList, Resource<Event>> events =
        client.v1().events().inNamespace(namespace);
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      if (created(events, fresh(namespace, name, type, reason, message, involved, now))) {
        return true;
      }
      if (repeat == Repeat.ONCE) {
        return false;
      }
      Event existing = events.withName(name).get();
      if (existing == null) {
        continue; // deleted meanwhile (Events expire): create it again
      }
      existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
      existing.setLastTimestamp(now);
      existing.setMessage(message);
      existing.setInvolvedObject(involved);
      instance.ifPresent(existing::setReportingInstance);
      try {
        events.resource(existing).update();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT
            && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
      }
    }
    throw new KubernetesClientException(
        "others kept writing Event " + namespace + "/" + name + " (" + maxAttempts + " attempts)",
        HttpURLConnection.HTTP_CONFLICT,
        null);
  }

  private static boolean created(
      NonNamespaceOperation<Event, EventList, Resource<Event>> events, Event fresh) {
    try {
      events.resource(fresh).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false; // AlreadyExists: the same name was recorded before
      }
      throw e;
    }
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
        .withComponent(component)
        .endSource()
        .withReportingComponent(component)
        .withReportingInstance(instance.orElse(null))
        .build();
  }
}
