package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.publish.PublishOutcome.Action;
import dev.trustmirror.kube.publish.TrustRootApi.Outcome;
import dev.trustmirror.kube.publish.TrustRootApi.Write;
import dev.trustmirror.kube.trustroot.GeneratedTrustRoot;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.trustroot.TrustRootTooLargeException;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.VerifiedRepository;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Publishes the verified repository of each sync into a {@code TrustRoot} resource, and says how it
 * stands: status conditions ({@link TrustRootCondition}) and Events ({@code Synced}, {@code
 * ExpiresSoon}, {@code SyncFailed}). Only while {@link Leadership#isLeader()} does it write.
 *
 * <ul>
 *   <li>{@link #publish} after a successful sync (published or unchanged): create the resource, or
 *       replace its spec with optimistic concurrency (the resourceVersion read is sent; on 409 it
 *       reads again and decides again, a bounded number of times), only when the content changed;
 *       then the conditions, then the Events.
 *   <li>{@link #recordFailure} after a failed sync: SyncFailed True with the reason and message,
 *       Ready and ExpiresSoon from what the resource still holds; the spec is never touched.
 * </ul>
 *
 * A resource trust-mirror does not manage is never written unless {@link PublishSettings#adopt()}.
 * Not thread-safe: one sync loop calls it.
 */
public final class TrustRootPublisher {
  private final TrustRootApi api;
  private final PublisherEvents events;
  private final PublishSettings settings;
  private final Leadership leadership;
  private final Clock clock;
  private final DesiredConditions conditions;
  private final Runnable beforeWrite;

  /**
   * @param client the API server; not closed by the publisher
   * @param settings what to publish and how
   * @param leadership whether this replica may write ({@link Leadership#alone()} without election)
   * @param clock "now" of conditions, Events and expiry grading
   */
  public TrustRootPublisher(
      KubernetesClient client, PublishSettings settings, Leadership leadership, Clock clock) {
    this(client, settings, leadership, clock, () -> {});
  }

  /** With a hook run right before every write of the resource: tests race it there. */
  TrustRootPublisher(
      KubernetesClient client,
      PublishSettings settings,
      Leadership leadership,
      Clock clock,
      Runnable beforeWrite) {
    this.api = new TrustRootApi(client);
    this.settings = Objects.requireNonNull(settings);
    this.leadership = Objects.requireNonNull(leadership);
    this.clock = Objects.requireNonNull(clock);
    this.events =
        new PublisherEvents(
            new EventRecorder(client, clock, settings.reportingInstance(), settings.maxAttempts()),
            settings.warn(),
            settings.critical());
    this.conditions = new DesiredConditions(settings.warn(), settings.critical());
    this.beforeWrite = beforeWrite;
  }

  /** Whether this replica writes now. */
  public boolean isLeader() {
    return leadership.isLeader();
  }

  /** The resource's name. */
  public String name() {
    return settings.name();
  }

  /** The API server's address, for messages. */
  public String server() {
    return api.server();
  }

  /**
   * Applies the repository of a successful sync, then the conditions and Events.
   *
   * @param repository the verified repository now published locally
   * @param pinnedRoot the root it was verified from ({@code spec.repository.root})
   * @throws UnmanagedTrustRootException when the resource exists and trust-mirror does not manage
   *     it (a SyncFailed Event says so on it; nothing else is written)
   * @throws TrustRootTooLargeException when the repository does not fit into one resource (recorded
   *     as a failure with reason {@code TrustRootTooLarge})
   * @throws KubernetesApiException when the API server cannot be reached or refuses
   */
  public PublishOutcome publish(VerifiedRepository repository, byte[] pinnedRoot)
      throws KubernetesApiException, UnmanagedTrustRootException, TrustRootTooLargeException {
    if (!leadership.isLeader()) {
      return PublishOutcome.notLeader(settings.name());
    }
    Instant now = clock.instant();
    GeneratedTrustRoot generated;
    try {
      generated =
          TrustRootResources.generate(
              settings.name(), TrustRootForm.REPOSITORY, repository, pinnedRoot);
    } catch (TrustRootTooLargeException e) {
      try {
        recordFailure("TrustRootTooLarge", e.getMessage());
      } catch (KubernetesApiException alsoFailed) {
        e.addSuppressed(alsoFailed); // the size is the news, not the API server
      }
      throw e;
    } catch (TrustRootRefusedException e) {
      throw new IllegalStateException("the repository form needs no trusted_root.json", e);
    }
    Applied applied = apply(generated.resource());
    long generation = generationOf(applied.resource());
    ExpiryReport report =
        ExpiryReport.evaluate(repository.roles(), now, settings.warn(), settings.critical());
    List<TrustRootCondition> desired = new ArrayList<>(conditions.held(report, generation));
    desired.add(conditions.synced(generation));
    boolean statusWritten = writeStatus(applied.resource(), desired, now);
    List<String> recorded = new ArrayList<>();
    ObjectReference ref = PublisherEvents.reference(applied.resource());
    if (applied.action() != Action.UNCHANGED) {
      recorded.addAll(events.synced(repository, generated.size(), generation, ref));
    }
    recorded.addAll(events.expiry(report, ref));
    return new PublishOutcome(
        applied.action(), settings.name(), OptionalLong.of(generation), statusWritten, recorded);
  }

  /**
   * Records a failed sync: a SyncFailed Event (counted per reason), and on a resource trust-mirror
   * manages, SyncFailed True with Ready and ExpiresSoon graded from the repository the resource
   * still holds (read back through the TUF verification). The spec is never written.
   *
   * @param reason a CamelCase reason ({@code Rollback}, {@code SourceUnavailable}...)
   * @param message what failed
   * @throws KubernetesApiException when the API server cannot be reached or refuses
   */
  public PublishOutcome recordFailure(String reason, String message) throws KubernetesApiException {
    if (!leadership.isLeader()) {
      return PublishOutcome.notLeader(settings.name());
    }
    Instant now = clock.instant();
    String why = DesiredConditions.reason(reason);
    Optional<GenericKubernetesResource> existing = api.find(settings.name());
    ObjectReference ref =
        existing
            .map(PublisherEvents::reference)
            .orElseGet(() -> PublisherEvents.reference(settings.name()));
    List<String> recorded = new ArrayList<>(events.failed(why, message, ref));
    if (existing.isEmpty() || !managed(existing.get())) {
      return new PublishOutcome(
          Action.FAILURE_RECORDED,
          settings.name(),
          existing.map(r -> OptionalLong.of(generationOf(r))).orElse(OptionalLong.empty()),
          false,
          recorded);
    }
    GenericKubernetesResource resource = existing.get();
    long generation = generationOf(resource);
    List<TrustRootCondition> desired = new ArrayList<>();
    Optional<ExpiryReport> held;
    try {
      held = Optional.of(heldBy(resource, now));
      desired.addAll(conditions.held(held.get(), generation));
    } catch (TufRefusalException e) {
      held = Optional.empty();
      desired.addAll(conditions.unverifiable(e.getMessage(), generation));
    }
    desired.add(conditions.failed(why, message, generation));
    boolean statusWritten = writeStatus(resource, desired, now);
    if (held.isPresent()) {
      recorded.addAll(events.expiry(held.get(), ref));
    }
    return new PublishOutcome(
        Action.FAILURE_RECORDED,
        settings.name(),
        OptionalLong.of(generation),
        statusWritten,
        recorded);
  }

  /**
   * The expiry of the repository the resource holds, read back through the TUF verification. Our
   * own resource, so its own root is the anchor: this grades expiry, it grants no trust.
   */
  private ExpiryReport heldBy(GenericKubernetesResource resource, Instant now)
      throws TufRefusalException {
    VerifiedRepository held =
        TrustRootReader.create(clock).read(resource, TrustAnchor.resourceRoot()).repository();
    return ExpiryReport.evaluate(held.roles(), now, settings.warn(), settings.critical());
  }

  /** What {@link #apply} did, and the resource as the server holds it. */
  private record Applied(Action action, GenericKubernetesResource resource) {}

  private Applied apply(GenericKubernetesResource desired)
      throws KubernetesApiException, UnmanagedTrustRootException {
    for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
      Optional<GenericKubernetesResource> existing = api.find(settings.name());
      ApplyDecision decision = ApplyDecision.decide(existing, desired, settings.adopt());
      if (decision instanceof ApplyDecision.Refuse refuse) {
        UnmanagedTrustRootException e =
            new UnmanagedTrustRootException(settings.name(), refuse.managedBy());
        try {
          // An Event only: it tells the resource's owner why trust-mirror stays off it
          events.failed(
              e.reason(), e.getMessage(), PublisherEvents.reference(existing.orElseThrow()));
        } catch (KubernetesApiException alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
        throw e;
      }
      if (decision instanceof ApplyDecision.Unchanged unchanged) {
        return new Applied(Action.UNCHANGED, unchanged.existing());
      }
      beforeWrite.run();
      Write write;
      Action action;
      if (decision instanceof ApplyDecision.Create create) {
        write = api.create(create.resource());
        action = Action.CREATED;
      } else {
        write = api.update(((ApplyDecision.Update) decision).resource());
        action = Action.UPDATED;
      }
      if (write.outcome() == Outcome.WRITTEN) {
        return new Applied(action, write.resource().orElseThrow());
      }
      // 409 (someone wrote first) or 404 (deleted meanwhile): read again, decide again
    }
    throw gaveUp("apply TrustRoot " + settings.name());
  }

  /** Writes the conditions when they differ; false when nothing needed writing. */
  private boolean writeStatus(
      GenericKubernetesResource resource, List<TrustRootCondition> desired, Instant now)
      throws KubernetesApiException {
    GenericKubernetesResource current = resource;
    for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
      Map<String, Object> status =
          ConditionMerge.statusOf(current.getAdditionalProperties().get("status"));
      ConditionMerge.Result merged = ConditionMerge.merge(status.get("conditions"), desired, now);
      if (!merged.changed()) {
        return false;
      }
      status.put("conditions", merged.conditions());
      GenericKubernetesResource update = ResourceJson.copy(current);
      update.setAdditionalProperty("status", status);
      beforeWrite.run();
      Write write = api.updateStatus(update);
      if (write.outcome() == Outcome.WRITTEN) {
        return true;
      }
      if (write.outcome() == Outcome.ABSENT) {
        return false;
      }
      Optional<GenericKubernetesResource> again = api.find(settings.name());
      if (again.isEmpty()) {
        return false;
      }
      current = again.get();
    }
    throw gaveUp("update the status of TrustRoot " + settings.name());
  }

  private boolean managed(GenericKubernetesResource r) {
    return ApplyDecision.label(r, TrustRootResources.MANAGED_BY_LABEL)
        .filter(TrustRootResources.MANAGED_BY::equals)
        .isPresent();
  }

  private KubernetesApiException gaveUp(String operation) {
    return new KubernetesApiException(
        operation + " on " + api.server(),
        "others kept changing it (" + settings.maxAttempts() + " conflicts in a row)",
        409,
        null);
  }

  private static long generationOf(GenericKubernetesResource r) {
    Long g = r.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
