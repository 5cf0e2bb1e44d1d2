package dev.trustmirror.kube.publish;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Records {@link TrustRootEvent}s as core v1 {@code Event}s, the kind {@code kubectl describe
 * trustroot} lists. The Event of a key is created once and then counted (client-go's aggregation:
 * {@code count} and {@code lastTimestamp} go up, the message is the latest), or left alone for a
 * {@link TrustRootEvent.Repeat#ONCE} event.
 *
 * <p>Namespace: {@code default}, always. A {@code TrustRoot} is cluster-scoped, and the API server
 * accepts a core v1 Event about a cluster-scoped object (involvedObject namespace empty, no {@code
 * eventTime}) only in {@code default}, as client-go's recorder does for Nodes (ADR 0014).
 */
final class EventRecorder {
  /** Where Events about cluster-scoped objects must live. */
  static final String NAMESPACE = "default";

  /** {@code source.component} and {@code reportingComponent}. */
  static final String COMPONENT = "trust-mirror-sync-agent";

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final int maxAttempts;

  EventRecorder(KubernetesClient client, Clock clock, String instance, int maxAttempts) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Records one event about {@code involved}.
   *
   * @return true when an Event was created or counted; false for a ONCE event said before
   */
  boolean record(TrustRootEvent event, ObjectReference involved) throws KubernetesApiException {
    String name = event.objectName(involved.getName());
    String operation = "record Event " + NAMESPACE + "/" + name + " (" + event.reason() + ")";
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String message = DesiredConditions.truncate(event.message());
    NonNamespaceOperation<Event, EventList, Resource<Event>> events =
        client.v1().events().inNamespace(NAMESPACE);
    try {
      for (int attempt = 0; attempt < maxAttempts; attempt++) {
        if (created(events, fresh(name, event, message, involved, now))) {
          return true;
        }
        if (event.repeat() == TrustRootEvent.Repeat.ONCE) {
          return false;
        }
        Event existing = events.withName(name).get();
        if (existing == null) {
          continue; // deleted meanwhile (events expire): create it again
        }
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now);
        existing.setMessage(message);
        existing.setInvolvedObject(involved);
        existing.setReportingInstance(instance);
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
    } catch (KubernetesClientException e) {
      throw KubernetesApiException.of(operation, e);
    }
    throw new KubernetesApiException(
        operation, "others kept writing it (" + maxAttempts + " attempts)", 409, null);
  }

  private static boolean created(
      NonNamespaceOperation<Event, EventList, Resource<Event>> events, Event fresh) {
    try {
      events.resource(fresh).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false; // AlreadyExists: the same key was recorded before
      }
      throw e;
    }
  }

  private Event fresh(
      String name, TrustRootEvent event, String message, ObjectReference involved, String now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withInvolvedObject(involved)
        .withType(event.type().name())
        .withReason(event.reason())
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .build();
  }
}
