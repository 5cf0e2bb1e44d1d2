package dev.trustmirror.kube.watch;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.TufRefusalException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Follows one {@code TrustRoot} resource and verifies every new state of it: a first read when
 * started, then a fabric8 informer on that one name (which lists again and resumes by itself when
 * its watch expires or drops). Each state is turned into a {@link TrustRootChange} by {@link
 * TrustRootReader}, from the configured {@link TrustAnchor} until one is accepted and from {@link
 * TrustAnchor#previousState} of the last accepted one afterwards, so that an older repository than
 * the one accepted is refused (rollback).
 *
 * <p>Changes reach the listener one at a time, in order. The informer's thread only records the
 * newest state; verification runs on the given executor, and states that arrived while a
 * verification was running are skipped in favour of the newest one. A state whose verified content
 * (spec and annotations) equals the previous one's, such as a status or label update, gives no
 * change: every refusal is reported once. A rollback refusal of an informer event that a {@link
 * #check()} has already overtaken (the resource no longer holds that state) is dropped as stale.
 *
 * <pre>{@code
 * TrustRootWatcher watcher =
 *     TrustRootWatcher.create(client, "sigstore", TrustRootReader.create(clock),
 *         TrustAnchor.pinnedRoot(root), workers, change -> ...);
 * watcher.start(Duration.ofSeconds(30));   // first read, then watching
 * watcher.close();
 * }</pre>
 */
public final class TrustRootWatcher implements AutoCloseable {
  /**
   * policy-controller's {@code TrustRoot}: {@code policy.sigstore.dev/v1alpha1}, plural {@code
   * trustroots}, cluster-scoped. Given explicitly, so that no API discovery request is needed.
   */
  public static final ResourceDefinitionContext TRUST_ROOTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("policy.sigstore.dev")
          .withVersion("v1alpha1")
          .withKind(TrustRootResources.KIND)
          .withPlural("trustroots")
          .withNamespaced(false)
          .build();

  private final KubernetesClient client;
  private final String name;
  private final TrustRootReader reader;
  private final TrustAnchor anchor;
  private final Executor executor;
  private final Consumer<TrustRootChange> listener;
  private final PendingState pending = new PendingState();
  private final Object lock = new Object();

  // Guarded by lock.
  private boolean closed;
  private Optional<ContentKey> lastContent = Optional.empty();
  private boolean readOnce;
  private boolean existed;
  private Optional<VerifiedTrustRoot> accepted = Optional.empty();
  private Optional<SharedIndexInformer<GenericKubernetesResource>> informer = Optional.empty();

  private TrustRootWatcher(
      KubernetesClient client,
      String name,
      TrustRootReader reader,
      TrustAnchor anchor,
      Executor executor,
      Consumer<TrustRootChange> listener) {
    this.client = client;
    this.name = name;
    this.reader = reader;
    this.anchor = anchor;
    this.executor = executor;
    this.listener = listener;
  }

  /**
   * A watcher, not yet started.
   *
   * @param client the API client; the caller keeps it open while the watcher runs, and closes it
   * @param name the resource's name
   * @param reader verifies each state (its clock is the verification's "now")
   * @param anchor where the first verification starts: {@link TrustAnchor#pinnedRoot} (a root the
   *     operator pinned) or {@link TrustAnchor#resourceRoot()}
   * @param executor runs the verification of the states the informer reports (blocking work)
   * @param listener receives each change, one at a time; it must not throw
   * @throws IllegalArgumentException when {@code name} is not a valid resource name
   */
  public static TrustRootWatcher create(
      KubernetesClient client,
      String name,
      TrustRootReader reader,
      TrustAnchor anchor,
      Executor executor,
      Consumer<TrustRootChange> listener) {
    TrustRootResources.requireName(name);
    return new TrustRootWatcher(
        Objects.requireNonNull(client, "client"),
        name,
        Objects.requireNonNull(reader, "reader"),
        Objects.requireNonNull(anchor, "anchor"),
        Objects.requireNonNull(executor, "executor"),
        Objects.requireNonNull(listener, "listener"));
  }

  /** The watched resource's name. */
  public String name() {
    return name;
  }

  /**
   * Reads the resource now and hands the result to the listener (blocking: the verification runs in
   * the calling thread), then starts the informer and waits up to {@code limit} for its first list.
   *
   * @throws IOException when the API server cannot be reached, or refuses to let this client get,
   *     list or watch the resource (a transport or permission problem, never a refusal)
   */
  public void start(Duration limit) throws IOException, InterruptedException {
    check();
    SharedIndexInformer<GenericKubernetesResource> started;
    synchronized (lock) {
      if (closed || informer.isPresent()) {
        return;
      }
      started = resource().runnableInformer(0);
      started.addEventHandler(new Handler());
      informer = Optional.of(started);
    }
    try {
      started.start().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      close();
      throw unavailable("list and watch", e.getCause());
    } catch (TimeoutException e) {
      close();
      throw new IOException(
          "Tried to watch TrustRoot "
              + name
              + " at "
              + client.getMasterUrl()
              + " but failed because the first list did not complete within "
              + limit);
    }
  }

  /**
   * Reads the resource now (blocking) and verifies it unless its content is the one seen last.
   *
   * @return the change handed to the listener, or empty when the content is unchanged
   * @throws IOException when the API server cannot be read
   */
  public Optional<TrustRootChange> check() throws IOException {
    GenericKubernetesResource current;
    try {
      current = resource().get();
    } catch (KubernetesClientException e) {
      throw unavailable("get", e);
    }
    return process(Optional.ofNullable(current));
  }

  /** The last accepted (verified) state, if any. */
  public Optional<VerifiedTrustRoot> lastAccepted() {
    synchronized (lock) {
      return accepted;
    }
  }

  /** Stops the informer; no change reaches the listener afterwards. The client stays open. */
  @Override
  public void close() {
    Optional<SharedIndexInformer<GenericKubernetesResource>> running;
    synchronized (lock) {
      closed = true;
      running = informer;
    }
    running.ifPresent(SharedIndexInformer::close);
  }

  private Resource<GenericKubernetesResource> resource() {
    return client.genericKubernetesResources(TRUST_ROOTS).withName(name);
  }

  private Optional<TrustRootChange> process(Optional<GenericKubernetesResource> state) {
    synchronized (lock) {
      Optional<ContentKey> content = state.map(ContentKey::of);
      if (closed || (readOnce && content.equals(lastContent))) {
        return Optional.empty();
      }
      Optional<ContentKey> before = lastContent;
      readOnce = true;
      lastContent = content;
      TrustRootChange change =
          state.isPresent() ? verify(state.get()) : new TrustRootChange.Missing(name, existed);
      if (isRollback(change) && !stillCurrent(content)) {
        // An informer event older than a state check() already read and accepted: not a rollback
        // anyone attempted, and the newer state is (or will be) reported in its turn.
        lastContent = before;
        return Optional.empty();
      }
      existed |= state.isPresent();
      if (change instanceof TrustRootChange.Accepted a) {
        accepted = Optional.of(a.root());
      }
      listener.accept(change);
      return Optional.of(change);
    }
  }

  /** Verifies one state; called with the lock held, so verifications never overlap. */
  private TrustRootChange verify(GenericKubernetesResource state) {
    // After the first accepted state, verify from its trust state: anything older is a rollback.
    TrustAnchor from = accepted.map(v -> TrustAnchor.previousState(v.state())).orElse(anchor);
    try {
      return new TrustRootChange.Accepted(reader.read(state, from));
    } catch (TufRefusalException | RuntimeException e) {
      // Fail closed: an unexpected failure refuses the state as a refusal does.
      return new TrustRootChange.Refused(name, resourceVersion(state), e);
    }
  }

  private static boolean isRollback(TrustRootChange change) {
    return change instanceof TrustRootChange.Refused r && r.cause() instanceof RollbackException;
  }

  /** Whether the resource still holds {@code content}; when it cannot be read, assume it does. */
  private boolean stillCurrent(Optional<ContentKey> content) {
    try {
      return Optional.ofNullable(resource().get()).map(ContentKey::of).equals(content);
    } catch (KubernetesClientException e) {
      return true;
    }
  }

  private static Optional<String> resourceVersion(GenericKubernetesResource state) {
    return Optional.ofNullable(state.getMetadata())
        .flatMap(m -> Optional.ofNullable(m.getResourceVersion()));
  }

  private IOException unavailable(String what, Throwable cause) {
    String why =
        cause instanceof KubernetesClientException k && k.getCode() > 0
            ? "the API server answered " + k.getCode() + ": " + k.getMessage()
            : String.valueOf(cause);
    return new IOException(
        "Tried to "
            + what
            + " TrustRoot "
            + name
            + " ("
            + TRUST_ROOTS.getGroup()
            + "/"
            + TRUST_ROOTS.getVersion()
            + ") at "
            + client.getMasterUrl()
            + " but failed because "
            + why,
        cause);
  }

  /** Runs the verifications of what the informer reported, newest state only, one at a time. */
  private void drain() {
    try {
      for (Optional<Optional<GenericKubernetesResource>> next = pending.take();
          next.isPresent();
          next = pending.take()) {
        process(next.get());
      }
    } catch (RuntimeException e) {
      pending.stopped();
      throw e;
    }
  }

  /** The informer's events: record the newest state and make sure a drain will see it. */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource obj) {
      offer(Optional.of(obj));
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
      offer(Optional.of(newObj));
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      offer(Optional.empty());
    }

    private void offer(Optional<GenericKubernetesResource> state) {
      if (pending.offer(state)) {
        try {
          executor.execute(TrustRootWatcher.this::drain);
        } catch (RejectedExecutionException e) {
          // Shutting down: nothing will serve the result anyway.
          pending.stopped();
        }
      }
    }
  }
}
