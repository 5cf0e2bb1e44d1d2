package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.events.CountedEvents;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Optional;

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

  private final Clock clock;
  private final CountedEvents events;

  EventRecorder(KubernetesClient client, Clock clock, String instance, int maxAttempts) {
    this.clock = clock;
    this.events = new CountedEvents(client, COMPONENT, Optional.ofNullable(instance), maxAttempts);
  }

  /**
   * Records one event about {@code involved}.
   *
   * @return true when an Event was created or counted; false for a ONCE event said before
   */
  boolean record(TrustRootEvent event, ObjectReference involved) throws KubernetesApiException {
    String name = event.objectName(involved.getName());
    try {
      return events.record(
          NAMESPACE,
          name,
          event.type().name(),
          event.reason(),
          DesiredConditions.truncate(event.message()),
          involved,
          clock.instant(),
          event.repeat() == TrustRootEvent.Repeat.ONCE
              ? CountedEvents.Repeat.ONCE
              : CountedEvents.Repeat.COUNT);
    } catch (KubernetesClientException e) {
      throw KubernetesApiException.of(
          "record Event " + NAMESPACE + "/" + name + " (" + event.reason() + ")", e);
    }
  }
}
