package dev.trustmirror.verifier.cluster;

import dev.trustmirror.verifier.admission.InvolvedObject;
import dev.trustmirror.verifier.admission.WarningEvent;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Posts the webhook's {@link WarningEvent}s as core v1 Events of type Warning, in the workload's
 * namespace, about its {@code involvedObject} (source component {@code trust-mirror-webhook}). The
 * Event's name is derived from the object (its uid, or its name before it has one) and the reason,
 * so a repeat bumps the {@code count} of one Event instead of adding another (client-go's
 * aggregation), whichever replica posts it.
 *
 * <p>Posting is asynchronous, on the caller's executor, with at most {@code capacity} Events
 * waiting or being posted: more are dropped and counted, so a storm of admissions never queues
 * without bound. It never throws: failures are logged and counted. Meters: {@code
 * trust_mirror_webhook_events_total{result}} with result posted, failed or dropped.
 */
public final class WorkloadEvents implements Consumer<WarningEvent> {
  private static final System.Logger LOG = System.getLogger(WorkloadEvents.class.getName());

  private final EventPoster poster;
  private final Executor executor;
  private final int capacity;
  private final AtomicInteger pending = new AtomicInteger();
  private final Counter posted;
  private final Counter failed;
  private final Counter dropped;

  private WorkloadEvents(
      KubernetesClient client, Executor executor, int capacity, MeterRegistry meters) {
    this.poster = new EventPoster(client);
    this.executor = executor;
    this.capacity = capacity;
    this.posted = counter(meters, "posted");
    this.failed = counter(meters, "failed");
    this.dropped = counter(meters, "dropped");
  }

  /**
   * Events of the cluster of {@code client}.
   *
   * @param client the API client; the caller keeps it open, and closes it
   * @param executor posts the Events (blocking API calls)
   * @param capacity how many Events may wait or be posted at once; more are dropped
   * @param meters where the counters go
   */
  public static WorkloadEvents create(
      KubernetesClient client, Executor executor, int capacity, MeterRegistry meters) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    return new WorkloadEvents(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(executor, "executor"),
        capacity,
        Objects.requireNonNull(meters, "meters"));
  }

  /** Queues the Event for posting, or drops (and counts) it when the queue is full. */
  @Override
  public void accept(WarningEvent event) {
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      dropped.increment();
      return;
    }
    try {
      executor.execute(() -> postNow(event));
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      dropped.increment();
    }
  }

  /** Posts the Event in the calling thread; never throws. */
  void postNow(WarningEvent event) {
    try {
      InvolvedObject o = event.involvedObject();
      poster.record(
          o.namespace(),
          objectName(o, event.reason()),
          WarningEvent.TYPE,
          event.reason(),
          event.message(),
          reference(o),
          event.time());
      posted.increment();
    } catch (RuntimeException e) {
      failed.increment();
      LOG.log(
          Level.WARNING,
          "Tried to post a "
              + event.reason()
              + " Event in namespace "
              + event.involvedObject().namespace()
              + " but failed because "
              + e.getMessage());
    } finally {
      pending.decrementAndGet();
    }
  }

  /** The Event's name: the same for the same object and reason. */
  static String objectName(InvolvedObject o, String reason) {
    String identity = o.uid().orElse(o.kind() + "/" + o.namespace() + "/" + o.name());
    return EventPoster.objectName(o.name(), identity + "/" + reason);
  }

  private static ObjectReference reference(InvolvedObject o) {
    return new ObjectReferenceBuilder()
        .withApiVersion(o.apiVersion())
        .withKind(o.kind())
        .withNamespace(o.namespace())
        .withName(o.name())
        .withUid(o.uid().orElse(null))
        .build();
  }

  private static Counter counter(MeterRegistry meters, String result) {
    return Counter.builder("trust_mirror.webhook.events")
        .description("Warning Events about workloads, by what became of them")
        .tag("result", result)
        .register(meters);
  }
}
