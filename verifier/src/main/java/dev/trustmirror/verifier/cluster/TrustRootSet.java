package dev.trustmirror.verifier.cluster;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.watch.TrustRootChange;
import dev.trustmirror.kube.watch.TrustRootWatcher;
import dev.trustmirror.verifier.admission.TrustRoots;
import dev.trustmirror.verifier.trust.TrustedRoot;
import dev.trustmirror.verifier.trust.TrustedRootLoader;
import dev.trustmirror.verifier.trust.TrustedRootRefusedException;
import dev.trustmirror.verifier.webhook.Readiness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The verified trust roots of the webhook, by {@code TrustRoot} name: one {@link TrustRootWatcher}
 * per name that is the default ({@code --trustroot}) or that a policy refers to. Each state a
 * watcher accepts (full TUF verification, anti-rollback) yields the {@code trusted_root.json} of
 * the verified repository, which replaces the name's root atomically; the listener is told (the
 * wiring clears the verdict cache). A refused state keeps the last good root, and is reported as
 * the condition {@value #CONDITION} False on the resource plus a Warning Event {@value
 * #REFUSED_EVENT}; an accepted one sets the condition True. A resource that disappears keeps its
 * last good root too (a deleted TrustRoot does not unverify the images it verified; policies still
 * need a root to check new images); a name that never verified has none, so a policy naming it
 * denies with {@code TRUST_ROOT_MISSING}.
 *
 * <p>The anchor every watcher starts from is the caller's: {@link TrustAnchor#pinnedRoot} (the
 * webhook's {@code --root}) is the secure choice, since only then is the resource checked to
 * descend from a root the operator trusts; {@link TrustAnchor#resourceRoot()} trusts whatever root
 * the resource itself carries, so anyone who may write TrustRoots chooses the webhook's trust.
 *
 * <p>The condition is merged into {@code status.conditions}: the sync agent's conditions on the
 * same resource ({@code trust-mirror.dev/Ready}, {@code ExpiresSoon}, {@code SyncFailed}) are kept
 * as they are. Metrics: {@code trust_mirror_webhook_trustroot_loads_total{trustroot,result}}
 * (result accepted or refused) and {@code trust_mirror_webhook_trustroot_loaded{trustroot}} (1
 * while the name has a verified root).
 */
public final class TrustRootSet implements TrustRoots, Readiness, AutoCloseable {
  /** The condition type the webhook writes on TrustRoots. */
  public static final String CONDITION = "trust-mirror.dev/WebhookVerified";

  /** The reason of the Warning Event about a refused TrustRoot. */
  public static final String REFUSED_EVENT = "TrustRootRefused";

  /** The reason of the True condition. */
  public static final String VERIFIED = "Verified";

  /** Where Events about cluster-scoped objects must live (see the kube module's EventRecorder). */
  static final String EVENT_NAMESPACE = "default";

  private static final System.Logger LOG = System.getLogger(TrustRootSet.class.getName());

  private final KubernetesClient client;
  private final Clock clock;
  private final Optional<String> defaultName;
  private final TrustAnchor anchor;
  private final Executor executor;
  private final MeterRegistry meters;
  private final Consumer<String> changed;
  private final Duration startLimit;
  private final TrustRootReports reports;
  private final Map<String, TrustedRoot> roots = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  // Guarded by lock.
  private final Map<String, TrustRootWatcher> watchers = new HashMap<>();
  private final Set<String> gauges = new HashSet<>();
  private boolean closed;

  private TrustRootSet(
      KubernetesClient client,
      Clock clock,
      Optional<String> defaultName,
      TrustAnchor anchor,
      Executor executor,
      MeterRegistry meters,
      Consumer<String> changed,
      Duration startLimit) {
    this.client = client;
    this.clock = clock;
    this.defaultName = defaultName;
    this.anchor = anchor;
    this.executor = executor;
    this.meters = meters;
    this.changed = changed;
    this.startLimit = startLimit;
    this.reports = new TrustRootReports(client, clock, meters);
  }

  /**
   * A set, not yet started.
   *
   * @param client the API client; the caller keeps it open while the set runs, and closes it
   * @param clock the verification's "now", and the time of conditions
   * @param defaultName the webhook's default TrustRoot ({@code --trustroot}), for policies without
   *     {@code trustRootRef}; always watched
   * @param anchor where every verification starts: {@link TrustAnchor#pinnedRoot} (secure) or
   *     {@link TrustAnchor#resourceRoot()}
   * @param executor runs the verifications and the start of watchers for new names
   * @param meters where the load counters and gauges go
   * @param changed told the name whose root was replaced (after the swap); what it throws is logged
   * @param startLimit how long a new watcher waits for its first list
   * @throws IllegalArgumentException when {@code defaultName} is not a valid resource name
   */
  public static TrustRootSet create(
      KubernetesClient client,
      Clock clock,
      Optional<String> defaultName,
      TrustAnchor anchor,
      Executor executor,
      MeterRegistry meters,
      Consumer<String> changed,
      Duration startLimit) {
    defaultName.ifPresent(TrustRootResources::requireName);
    return new TrustRootSet(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(clock, "clock"),
        defaultName,
        Objects.requireNonNull(anchor, "anchor"),
        Objects.requireNonNull(executor, "executor"),
        Objects.requireNonNull(meters, "meters"),
        Objects.requireNonNull(changed, "changed"),
        Objects.requireNonNull(startLimit, "startLimit"));
  }

  /**
   * Watches the default TrustRoot: reads and verifies it in the calling thread, then waits for the
   * watcher's first list (up to the start limit). Nothing to do without a default.
   *
   * @throws IOException when the API server cannot be read
   */
  public void start() throws IOException, InterruptedException {
    if (defaultName.isEmpty()) {
      return;
    }
    Optional<TrustRootWatcher> created = watcherFor(defaultName.get());
    if (created.isPresent()) {
      try {
        created.get().start(startLimit);
      } catch (IOException e) {
        drop(created.get(), e.getMessage());
        throw e;
      }
    }
  }

  /**
   * Watches exactly {@code names} and the default: a watcher starts (on the executor) for each new
   * name, and the watcher and root of each name no longer given are dropped. A watcher that cannot
   * start is dropped too (its name has no root, reported by {@link #notReady()}) and is started
   * again by the next update that names it.
   */
  public void update(Set<String> names) {
    Set<String> wanted = new HashSet<>();
    for (String name : names) {
      try {
        TrustRootResources.requireName(name);
        wanted.add(name);
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "Ignored a TrustRoot reference: " + e.getMessage());
      }
    }
    defaultName.ifPresent(wanted::add);
    List<TrustRootWatcher> stale = new ArrayList<>();
    List<TrustRootWatcher> fresh = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (Map.Entry<String, TrustRootWatcher> e : List.copyOf(watchers.entrySet())) {
        if (!wanted.contains(e.getKey())) {
          stale.add(e.getValue());
          watchers.remove(e.getKey());
        }
      }
    }
    for (TrustRootWatcher w : stale) {
      w.close(); // no listener call after this returns
      roots.remove(w.name());
      problems.remove(w.name());
    }
    for (String name : wanted) {
      watcherFor(name).ifPresent(fresh::add);
    }
    for (TrustRootWatcher w : fresh) {
      try {
        executor.execute(() -> startInBackground(w));
      } catch (RejectedExecutionException e) {
        drop(w, "the executor refused to start its watcher");
      }
    }
  }

  @Override
  public Optional<TrustedRoot> find(Optional<String> trustRootRef) {
    return trustRootRef.or(() -> defaultName).map(roots::get);
  }

  /** The names watched now. */
  public Set<String> watched() {
    synchronized (lock) {
      return Set.copyOf(watchers.keySet());
    }
  }

  @Override
  public List<String> notReady() {
    if (defaultName.isEmpty() || roots.containsKey(defaultName.get())) {
      return List.of();
    }
    String name = defaultName.get();
    return List.of(
        "The default TrustRoot "
            + name
            + " has no verified state yet"
            + Optional.ofNullable(problems.get(name)).map(p -> ": " + p).orElse(""));
  }

  /** Stops every watcher. The client stays open. */
  @Override
  public void close() {
    List<TrustRootWatcher> all;
    synchronized (lock) {
      closed = true;
      all = List.copyOf(watchers.values());
      watchers.clear();
    }
    all.forEach(TrustRootWatcher::close);
  }

  /** What went wrong last with {@code name}, if anything (tests wait on it). */
  Optional<String> problem(String name) {
    return Optional.ofNullable(problems.get(name));
  }

  /** A new watcher for {@code name}, or empty when there is one already (or the set is closed). */
  private Optional<TrustRootWatcher> watcherFor(String name) {
    synchronized (lock) {
      if (closed || watchers.containsKey(name)) {
        return Optional.empty();
      }
      TrustRootWatcher w =
          TrustRootWatcher.create(
              client, name, TrustRootReader.create(clock), anchor, executor, this::onChange);
      watchers.put(name, w);
      if (gauges.add(name)) {
        Gauge.builder(
                "trust_mirror.webhook.trustroot.loaded", roots, r -> r.containsKey(name) ? 1 : 0)
            .description("1 while the TrustRoot has a verified trusted root in the webhook")
            .tag("trustroot", name)
            .register(meters);
      }
      return Optional.of(w);
    }
  }

  private void startInBackground(TrustRootWatcher w) {
    try {
      w.start(startLimit);
    } catch (IOException e) {
      drop(w, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drop(w, "interrupted");
    }
  }

  private void drop(TrustRootWatcher w, String why) {
    LOG.log(Level.WARNING, "Tried to watch TrustRoot " + w.name() + " but failed because " + why);
    w.close();
    synchronized (lock) {
      watchers.remove(w.name(), w);
    }
    problems.put(w.name(), why);
  }

  /** A watcher's change; runs in its thread, one at a time per name. */
  private void onChange(TrustRootChange change) {
    if (change instanceof TrustRootChange.Accepted a) {
      accepted(a);
    } else if (change instanceof TrustRootChange.Refused r) {
      refused(r.name(), r.resourceVersion(), r.reason(), messageOf(r.cause()));
    } else if (change instanceof TrustRootChange.Missing m) {
      String why =
          (m.deleted() ? "the resource was deleted" : "the resource does not exist")
              + (roots.containsKey(m.name())
                  ? "; the webhook keeps its last verified state"
                  : "; policies that refer to it deny");
      problems.put(m.name(), why);
      LOG.log(Level.WARNING, "TrustRoot " + m.name() + ": " + why);
    }
  }

  private void accepted(TrustRootChange.Accepted a) {
    String name = a.name();
    TrustedRoot root;
    try {
      root = TrustedRootLoader.fromRepository(a.root().repository());
    } catch (TrustedRootRefusedException e) {
      refused(name, a.root().resourceVersion(), reasonOf(e.rule()), messageOf(e));
      return;
    }
    roots.put(name, root);
    problems.remove(name);
    try {
      changed.accept(name);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The listener of TrustRoot changes failed", e);
    }
    reports.accepted(name, root);
  }

  private void refused(
      String name, Optional<String> resourceVersion, String reason, String message) {
    problems.put(name, reason + ": " + message);
    reports.refused(name, resourceVersion, reason, message, roots.containsKey(name));
  }

  private static String messageOf(Exception e) {
    return StatusCondition.bounded(String.valueOf(e.getMessage()));
  }

  /** {@code TARGET_MISSING} → {@code TrustedRootTargetMissing}. */
  static String reasonOf(TrustedRootRefusedException.Rule rule) {
    StringBuilder out = new StringBuilder("TrustedRoot");
    for (String word : rule.name().toLowerCase(Locale.ROOT).split("_")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }
}
