package dev.trustmirror.verifier.cluster;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.watch.TrustRootWatcher;
import dev.trustmirror.verifier.trust.TrustedRoot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link TrustRootSet} tells about each verification: the condition {@value
 * TrustRootSet#CONDITION} on the resource (merged with the sync agent's), the Warning Event {@value
 * TrustRootSet#REFUSED_EVENT} of a refusal, and the load counters. Never throws: an API server that
 * cannot be written is logged, and the verification's outcome stands.
 */
final class TrustRootReports {
  private static final System.Logger LOG = System.getLogger(TrustRootSet.class.getName());

  private final KubernetesClient client;
  private final Clock clock;
  private final MeterRegistry meters;
  private final StatusWriter status;
  private final EventPoster events;

  TrustRootReports(KubernetesClient client, Clock clock, MeterRegistry meters) {
    this.client = client;
    this.clock = clock;
    this.meters = meters;
    this.status = new StatusWriter(client, TrustRootWatcher.TRUST_ROOTS, clock);
    this.events = new EventPoster(client);
  }

  /** {@code name} verified and now in force with {@code root}. */
  void accepted(String name, TrustedRoot root) {
    loads(name, "accepted").increment();
    writeCondition(
        name,
        new StatusCondition(
            TrustRootSet.CONDITION,
            "True",
            TrustRootSet.VERIFIED,
            "The admission webhook verified this TrustRoot with the TUF client and uses its"
                + " trusted root "
                + root.identity(),
            OptionalLong.empty()));
  }

  /**
   * A state of {@code name} refused.
   *
   * @param kept whether the webhook still has a verified root of it
   */
  void refused(
      String name, Optional<String> resourceVersion, String reason, String message, boolean kept) {
    loads(name, "refused").increment();
    Optional<GenericKubernetesResource> resource =
        writeCondition(
            name,
            new StatusCondition(
                TrustRootSet.CONDITION, "False", reason, message, OptionalLong.empty()));
    ObjectReference involved =
        new ObjectReferenceBuilder()
            .withApiVersion(TrustRootResources.API_VERSION)
            .withKind(TrustRootResources.KIND)
            .withName(name)
            .withUid(resource.map(r -> r.getMetadata().getUid()).orElse(null))
            .withResourceVersion(resourceVersion.orElse(null))
            .build();
    try {
      events.record(
          TrustRootSet.EVENT_NAMESPACE,
          EventPoster.objectName(name, TrustRootSet.REFUSED_EVENT + "/" + reason),
          "Warning",
          TrustRootSet.REFUSED_EVENT,
          "The admission webhook refused TrustRoot "
              + name
              + resourceVersion.map(v -> " (resourceVersion " + v + ")").orElse("")
              + " ("
              + reason
              + "): "
              + message
              + "; "
              + (kept
                  ? "the webhook keeps the last verified state"
                  : "the webhook has no verified state of it: policies that refer to it deny"),
          involved,
          clock.instant());
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "Tried to record the refusal of TrustRoot " + name, e);
    }
  }

  /** Writes the condition; returns the resource as read, when it was. Never throws. */
  private Optional<GenericKubernetesResource> writeCondition(String name, StatusCondition c) {
    try {
      Optional<GenericKubernetesResource> resource =
          Optional.ofNullable(
              client.genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS).withName(name).get());
      if (resource.isPresent()) {
        status.write(name, resource, r -> c);
      }
      return resource;
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "Tried to write the status of TrustRoot " + name, e);
      return Optional.empty();
    }
  }

  private Counter loads(String name, String result) {
    return Counter.builder("trust_mirror.webhook.trustroot.loads")
        .description("TrustRoot states the webhook verified, by result")
        .tag("trustroot", name)
        .tag("result", result)
        .register(meters);
  }
}
