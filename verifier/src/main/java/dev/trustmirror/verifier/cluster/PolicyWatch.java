package dev.trustmirror.verifier.cluster;

import dev.trustmirror.verifier.policy.ImageTrustPolicy;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicyCondition;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.text.UntrustedText;
import dev.trustmirror.verifier.webhook.Readiness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code ImageTrustPolicy} resources of the cluster, as the webhook decides with them: a
 * fabric8 informer on the resources (type given explicitly, no API discovery) keeps an immutable
 * {@link PolicySet}, replaced atomically on every add, update and delete. Every resource, valid or
 * not, is in the set ({@link LoadedPolicy#load}); an invalid one fails the images it covers.
 *
 * <p>For every policy it writes the {@link PolicyCondition} ({@code Ready}) into {@code
 * status.conditions} through the status subresource, only when the resource does not hold it
 * already (so the update event of its own write writes nothing: no loop), keeping the transition
 * time while the status does not flip; a write that loses a race (409) reads again and retries.
 * Events are handled one at a time on the informer's thread, the status write included.
 *
 * <pre>{@code
 * PolicyWatch policies = PolicyWatch.create(client, clock, set -> trustRoots.update(
 *     PolicyWatch.trustRootRefs(set)));
 * policies.start(Duration.ofSeconds(30));   // first list, then watching
 * AdmissionWebhook webhook = ... policies ...;   // a Supplier<PolicySet>
 * }</pre>
 */
public final class PolicyWatch implements Supplier<PolicySet>, Readiness, AutoCloseable {
  /**
   * The {@code ImageTrustPolicy} type: {@code trust-mirror.dev/v1alpha1}, plural {@code
   * imagetrustpolicies}, cluster-scoped (the chart's CRD).
   */
  public static final ResourceDefinitionContext IMAGE_TRUST_POLICIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("trust-mirror.dev")
          .withVersion("v1alpha1")
          .withKind(ImageTrustPolicy.KIND)
          .withPlural("imagetrustpolicies")
          .withNamespaced(false)
          .build();

  private static final System.Logger LOG = System.getLogger(PolicyWatch.class.getName());

  private final KubernetesClient client;
  private final StatusWriter status;
  private final Consumer<PolicySet> onChange;
  private final Object lock = new Object();
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();

  // Guarded by lock (written), read without it (volatile).
  private final Map<String, LoadedPolicy> byName = new LinkedHashMap<>();
  private final Map<String, List<Object>> contents = new HashMap<>();
  private volatile PolicySet current = PolicySet.EMPTY;
  private volatile boolean synced;
  private volatile Optional<String> failure = Optional.empty();
  private Optional<SharedIndexInformer<GenericKubernetesResource>> informer = Optional.empty();
  private boolean closed;

  private PolicyWatch(KubernetesClient client, Clock clock, Consumer<PolicySet> onChange) {
    this.client = client;
    this.status = new StatusWriter(client, IMAGE_TRUST_POLICIES, clock);
    this.onChange = onChange;
  }

  /**
   * A watch, not yet started.
   *
   * @param client the API client; the caller keeps it open while the watch runs, and closes it
   * @param clock the transition time of the conditions written
   * @param onChange receives every new set, one at a time, after it is in force (the wiring updates
   *     the trust roots and clears the verdict cache); what it throws is logged
   */
  public static PolicyWatch create(
      KubernetesClient client, Clock clock, Consumer<PolicySet> onChange) {
    return new PolicyWatch(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(onChange, "onChange"));
  }

  /**
   * Starts the informer and waits up to {@code limit} for its first list; the set then holds every
   * policy of the cluster.
   *
   * @throws IOException when the API server cannot be reached, or refuses to let this client list
   *     and watch the resources, or the first list does not complete in time
   */
  public void start(Duration limit) throws IOException, InterruptedException {
    SharedIndexInformer<GenericKubernetesResource> started;
    synchronized (lock) {
      if (closed || informer.isPresent()) {
        return;
      }
      started = client.genericKubernetesResources(IMAGE_TRUST_POLICIES).runnableInformer(0);
      started.addEventHandler(new Handler());
      informer = Optional.of(started);
    }
    try {
      started.start().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      synced = true;
    } catch (ExecutionException e) {
      close();
      throw failed("the API server refused or could not be reached: " + e.getCause(), e);
    } catch (TimeoutException e) {
      close();
      throw failed("the first list did not complete within " + limit, e);
    }
  }

  /** The policies in force: an immutable snapshot. */
  @Override
  public PolicySet get() {
    return current;
  }

  /** Whether the first list of the resources completed. */
  public boolean synced() {
    return synced;
  }

  @Override
  public List<String> notReady() {
    if (synced) {
      return List.of();
    }
    return List.of(
        "The ImageTrustPolicy resources have not been listed yet"
            + failure.map(f -> " (" + f + ")").orElse(""));
  }

  /** The TrustRoot names the valid policies in force refer to ({@code spec.trustRootRef}). */
  public Set<String> trustRootRefs() {
    return trustRootRefs(current);
  }

  /** The TrustRoot names the valid policies of {@code set} refer to, sorted. */
  public static Set<String> trustRootRefs(PolicySet set) {
    Set<String> names = new TreeSet<>();
    for (LoadedPolicy p : set.policies()) {
      if (p instanceof ImageTrustPolicy valid) {
        valid.trustRootRef().ifPresent(names::add);
      }
    }
    return Set.copyOf(names);
  }

  /** Stops the informer. The client stays open. */
  @Override
  public void close() {
    Optional<SharedIndexInformer<GenericKubernetesResource>> running;
    synchronized (lock) {
      closed = true;
      running = informer;
    }
    running.ifPresent(SharedIndexInformer::close);
  }

  /** Informer events handled so far (tests wait on it). */
  long handled() {
    return handled.get();
  }

  /** Status writes made so far. */
  long statusWrites() {
    return writes.get();
  }

  /** Status writes that failed so far. */
  long statusWriteFailures() {
    return writeFailures.get();
  }

  private IOException failed(String why, Exception cause) {
    failure = Optional.of(why);
    return new IOException(
        "Tried to list and watch "
            + IMAGE_TRUST_POLICIES.getPlural()
            + "."
            + IMAGE_TRUST_POLICIES.getGroup()
            + " at "
            + client.getMasterUrl()
            + " but failed because "
            + why,
        cause);
  }

  private void put(GenericKubernetesResource resource) {
    Optional<String> name = nameOf(resource);
    if (name.isEmpty()) {
      return; // the API server never serves a resource without a name
    }
    // What the parser reads: a status or label update (our own status write) changes nothing.
    List<Object> content =
        Arrays.asList(
            resource.getApiVersion(),
            resource.getKind(),
            resource.getMetadata().getGeneration(),
            resource.getAdditionalProperties().get("spec"));
    boolean same;
    synchronized (lock) {
      same = content.equals(contents.get(name.get())) && byName.containsKey(name.get());
    }
    if (!same) {
      LoadedPolicy loaded = LoadedPolicy.load(resource);
      swap(
          () -> {
            byName.put(name.get(), loaded);
            contents.put(name.get(), content);
          });
    }
    writeStatus(name.get(), resource);
  }

  private void remove(GenericKubernetesResource resource) {
    nameOf(resource)
        .ifPresent(
            name ->
                swap(
                    () -> {
                      byName.remove(name);
                      contents.remove(name);
                    }));
  }

  private void swap(Runnable edit) {
    PolicySet next;
    synchronized (lock) {
      edit.run();
      next = PolicySet.of(new ArrayList<>(byName.values()));
      current = next;
    }
    try {
      onChange.accept(next);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The listener of ImageTrustPolicy changes failed", e);
    }
  }

  private void writeStatus(String name, GenericKubernetesResource resource) {
    try {
      StatusWriter.Outcome outcome =
          status.write(name, Optional.of(resource), r -> condition(LoadedPolicy.load(r)));
      if (outcome == StatusWriter.Outcome.WRITTEN) {
        writes.incrementAndGet();
      }
    } catch (KubernetesClientException e) {
      // The decision does not depend on the status: log, and the next event tries again.
      writeFailures.incrementAndGet();
      LOG.log(
          Level.WARNING,
          "Tried to write the status of ImageTrustPolicy "
              + UntrustedText.of(name)
              + " but failed because "
              + e.getMessage());
    }
  }

  private static StatusCondition condition(LoadedPolicy policy) {
    PolicyCondition c = policy.condition();
    return new StatusCondition(
        c.type(), c.status(), c.reason(), c.message(), OptionalLong.of(c.observedGeneration()));
  }

  private static Optional<String> nameOf(GenericKubernetesResource resource) {
    return Optional.ofNullable(resource.getMetadata()).map(m -> m.getName());
  }

  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource obj) {
      try {
        put(obj);
      } finally {
        handled.incrementAndGet();
      }
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
      try {
        put(newObj);
      } finally {
        handled.incrementAndGet();
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      try {
        remove(obj);
      } finally {
        handled.incrementAndGet();
      }
    }
  }
}
