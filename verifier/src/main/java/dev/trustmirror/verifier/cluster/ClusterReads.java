package dev.trustmirror.verifier.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.admission.KeySecrets;
import dev.trustmirror.verifier.admission.NamespaceLabels;
import dev.trustmirror.verifier.admission.PullAuth;
import dev.trustmirror.verifier.policy.SecretKeyRef;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.text.UntrustedText;
import dev.trustmirror.verifier.webhook.PullCredentials;
import dev.trustmirror.verifier.webhook.Readiness;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the webhook reads from the cluster about a workload: namespace labels (a Namespace informer,
 * cluster-wide), key Secrets of policies, and the pull credentials of a pod. Secrets, service
 * accounts are cached for a short time (bounded), so that an admission whose lookups hit the cache
 * makes no API call; one in use is re-read in the background after half that time, and a change to
 * a Secret is seen within it. Merged pull credentials are merged again whenever one of the cached
 * objects they came from changes.
 *
 * <p>Pull credentials are found as the kubelet finds them: the pod's {@code imagePullSecrets}
 * first, then its service account's, each a {@code kubernetes.io/dockerconfigjson} Secret (or a
 * legacy {@code kubernetes.io/dockercfg} one, the bare {@code auths} map) of the pod's namespace;
 * the first Secret naming a registry wins. A Secret that does not exist, has another type or does
 * not parse is skipped (logged at debug level), as the kubelet skips it.
 *
 * <p>An API server that cannot be read (unreachable, refusing this client) is an {@link
 * IOException} ({@link UncheckedIOException} from {@link #find(SecretKeyRef)}, whose interface
 * allows none): the decider then fails closed.
 */
public final class ClusterReads
    implements NamespaceLabels, KeySecrets, PullCredentials, Readiness, AutoCloseable {
  /** Pull secrets read per workload at most; a pod naming more is read up to this many. */
  public static final int MAX_PULL_SECRETS = 64;

  static final String DOCKER_CONFIG_JSON = PullSecrets.DOCKER_CONFIG_JSON;
  static final String DOCKER_CFG = PullSecrets.DOCKER_CFG;

  /** A namespaced object's name. */
  private record Key(String namespace, String name) {}

  private final KubernetesClient client;
  private final LoadingCache<Key, Optional<Secret>> secrets;
  private final LoadingCache<Key, Optional<ServiceAccount>> accounts;

  /** The last merge of each workload's pull secrets, and the objects it was made from. */
  private final Cache<PullAuth, Merged> pulls;

  private final NamespaceInformer namespaces;
  private final AtomicLong apiCalls = new AtomicLong();

  private ClusterReads(
      KubernetesClient client, Clock clock, Duration ttl, long maxEntries, Executor refresher) {
    this.client = client;
    this.namespaces = new NamespaceInformer(client);
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.secrets =
        cache(
            ticker,
            ttl,
            maxEntries,
            refresher,
            key ->
                read(
                    key,
                    "get Secret",
                    () ->
                        client.secrets().inNamespace(key.namespace()).withName(key.name()).get()));
    this.accounts =
        cache(
            ticker,
            ttl,
            maxEntries,
            refresher,
            key ->
                read(
                    key,
                    "get ServiceAccount",
                    () ->
                        client
                            .serviceAccounts()
                            .inNamespace(key.namespace())
                            .withName(key.name())
                            .get()));
    this.pulls = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
  }

  /**
   * Entries live {@code ttl}; one read after half of it is answered from the entry while the entry
   * is read again in the background, so names in steady use are not read by reviews every {@code
   * ttl}. Concurrent reads of one missing entry make one API call.
   */
  private static <K, V> LoadingCache<K, V> cache(
      Ticker ticker, Duration ttl, long maxEntries, Executor refresher, CacheLoader<K, V> loader) {
    Caffeine<Object, Object> builder =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(ttl)
            .maximumSize(maxEntries)
            .executor(refresher);
    if (ttl.toNanos() >= 2) {
      builder.refreshAfterWrite(ttl.dividedBy(2));
    }
    return builder.build(loader);
  }

  /**
   * Reads of the cluster of {@code client}, not yet started (namespace labels read as unknown until
   * {@link #start}).
   *
   * @param client the API client; the caller keeps it open, and closes it
   * @param clock the caches' time source
   * @param ttl how long a read Secret, service account or merged credential is used (e.g. 30 s)
   * @param maxEntries how many entries each cache holds at most
   */
  public static ClusterReads create(
      KubernetesClient client, Clock clock, Duration ttl, long maxEntries) {
    return create(client, clock, ttl, maxEntries, ForkJoinPool.commonPool());
  }

  /**
   * As {@link #create(KubernetesClient, Clock, Duration, long)}, re-reading entries in the
   * background on {@code refresher} (it blocks on the API server).
   */
  public static ClusterReads create(
      KubernetesClient client, Clock clock, Duration ttl, long maxEntries, Executor refresher) {
    if (ttl.isNegative() || maxEntries < 0) {
      throw new IllegalArgumentException("ttl and maxEntries must not be negative");
    }
    return new ClusterReads(
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(clock, "clock"),
        ttl,
        maxEntries,
        Objects.requireNonNull(refresher, "refresher"));
  }

  /**
   * Starts the Namespace informer and waits up to {@code limit} for its first list.
   *
   * @throws IOException when the API server cannot be reached or refuses to list and watch
   *     namespaces, or the first list does not complete in time
   */
  public void start(Duration limit) throws IOException, InterruptedException {
    namespaces.start(limit);
  }

  @Override
  public Optional<Map<String, String>> find(String namespace) {
    return namespaces.find(namespace);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A value that is not base64 reads as absent.
   *
   * @throws UncheckedIOException when the API server cannot be read
   */
  @Override
  public Optional<byte[]> find(SecretKeyRef ref) {
    Optional<Secret> secret;
    try {
      secret = secret(ref.namespace(), ref.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keyOf(secret, ref);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A cached Secret older than half the TTL is then re-read in the background.
   */
  @Override
  public Optional<Optional<byte[]>> known(SecretKeyRef ref) {
    Optional<Secret> secret = secrets.getIfPresent(new Key(ref.namespace(), ref.name()));
    return secret == null ? Optional.empty() : Optional.of(keyOf(secret, ref));
  }

  private static Optional<byte[]> keyOf(Optional<Secret> secret, SecretKeyRef ref) {
    return secret
        .flatMap(s -> Optional.ofNullable(s.getData()))
        .flatMap(data -> Optional.ofNullable(data.get(ref.key())))
        .flatMap(
            value -> PullSecrets.decode(value, "key " + ref.key() + " of Secret " + where(ref)));
  }

  @Override
  public RegistryCredentials find(PullAuth auth) throws IOException {
    return credentials(auth, false).orElseThrow();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Held when the service account and every pull Secret are cached; a cached one older than half
   * the TTL is then re-read in the background (never on the calling thread).
   */
  @Override
  public Optional<RegistryCredentials> known(PullAuth auth) {
    try {
      return credentials(auth, true);
    } catch (IOException e) {
      return Optional.empty(); // cannot happen: nothing is read from memory
    }
  }

  @Override
  public List<String> notReady() {
    return namespaces.notReady();
  }

  /** Stops the Namespace informer. The client stays open. */
  @Override
  public void close() {
    namespaces.close();
  }

  /** API requests made so far for Secrets and service accounts (tests count cache hits). */
  long apiCalls() {
    return apiCalls.get();
  }

  /** A merge of pull credentials, and the cached objects (by identity) it was made from. */
  private record Merged(
      Optional<ServiceAccount> account,
      List<Optional<Secret>> secrets,
      RegistryCredentials credentials) {
    boolean madeFrom(Optional<ServiceAccount> otherAccount, List<Optional<Secret>> otherSecrets) {
      if (otherAccount != account || otherSecrets.size() != secrets.size()) {
        return false;
      }
      for (int i = 0; i < secrets.size(); i++) {
        if (otherSecrets.get(i) != secrets.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The credentials of {@code auth}, from the cached service account and Secrets: merged again only
   * when one of them is another object than last time, so they are never older than their sources.
   *
   * @param memoryOnly only what is cached: empty when a source is not
   */
  private Optional<RegistryCredentials> credentials(PullAuth auth, boolean memoryOnly)
      throws IOException {
    Optional<Optional<ServiceAccount>> account =
        cached(accounts, new Key(auth.namespace(), auth.serviceAccount()), memoryOnly);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = PullSecrets.names(auth, account.get(), MAX_PULL_SECRETS);
    List<Optional<Secret>> secrets = new ArrayList<>(names.size());
    for (String name : names) {
      Optional<Optional<Secret>> secret =
          cached(this.secrets, new Key(auth.namespace(), name), memoryOnly);
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      secrets.add(secret.get());
    }
    Merged last = pulls.getIfPresent(auth);
    if (last != null && last.madeFrom(account.get(), secrets)) {
      return Optional.of(last.credentials());
    }
    RegistryCredentials merged = PullSecrets.merge(auth, names, secrets);
    pulls.put(auth, new Merged(account.get(), List.copyOf(secrets), merged));
    return Optional.of(merged);
  }

  /** The cached value; read when missing unless {@code memoryOnly} (then empty). */
  private static <K, V> Optional<V> cached(LoadingCache<K, V> cache, K key, boolean memoryOnly)
      throws IOException {
    return memoryOnly ? Optional.ofNullable(cache.getIfPresent(key)) : Optional.of(get(cache, key));
  }

  private Optional<Secret> secret(String namespace, String name) throws IOException {
    return get(secrets, new Key(namespace, name));
  }

  /** The cached value, read when missing; a failed read is the loader's {@link IOException}. */
  private static <K, V> V get(LoadingCache<K, V> cache, K key) throws IOException {
    try {
      return cache.get(key);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Reads one object; an API server that cannot be read is an {@link UncheckedIOException}. */
  private <T> Optional<T> read(Key key, String what, Supplier<T> read) {
    try {
      apiCalls.incrementAndGet();
      return Optional.ofNullable(read.get());
    } catch (KubernetesClientException e) {
      throw new UncheckedIOException(
          new IOException(
              "Tried to "
                  + what
                  + " "
                  + UntrustedText.of(key.namespace())
                  + "/"
                  + UntrustedText.of(key.name())
                  + " at "
                  + client.getMasterUrl()
                  + " but failed because "
                  + (e.getCode() > 0
                      ? "the API server answered " + e.getCode() + ": " + e.getMessage()
                      : "it could not be reached: " + e.getMessage()),
              e));
    }
  }

  private static String where(SecretKeyRef ref) {
    return UntrustedText.of(ref.namespace()) + "/" + UntrustedText.of(ref.name());
  }
}
