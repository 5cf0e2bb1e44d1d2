package dev.trustmirror.verifier.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trustmirror.verifier.admission.NamespaceLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The labels of every Namespace, from a cluster-wide informer (the policies' namespace selectors);
 * a namespace not listed yet reads as unknown. Part of {@link ClusterReads}.
 */
final class NamespaceInformer implements NamespaceLabels, AutoCloseable {
  private final KubernetesClient client;

  /**
   * Each Namespace's labels, copied once per informer object (a change brings a new object), so a
   * review does not copy them again.
   */
  private final Cache<Namespace, Map<String, String>> labels =
      Caffeine.newBuilder().weakKeys().maximumSize(10_000).executor(Runnable::run).build();

  private final Object lock = new Object();

  // Guarded by lock.
  private Optional<SharedIndexInformer<Namespace>> namespaces = Optional.empty();
  private volatile boolean synced;
  private boolean closed;

  NamespaceInformer(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Starts the Namespace informer and waits up to {@code limit} for its first list.
   *
   * @throws IOException when the API server cannot be reached or refuses to list and watch
   *     namespaces, or the first list does not complete in time
   */
  void start(Duration limit) throws IOException, InterruptedException {
    SharedIndexInformer<Namespace> informer;
    synchronized (lock) {
      if (closed || namespaces.isPresent()) {
        return;
      }
      informer = client.namespaces().runnableInformer(0);
      namespaces = Optional.of(informer);
    }
    try {
      informer.start().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      synced = true;
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IOException(
          "Tried to list and watch namespaces at "
              + client.getMasterUrl()
              + " but failed because "
              + (e instanceof TimeoutException
                  ? "the first list did not complete within " + limit
                  : String.valueOf(e.getCause())),
          e);
    }
  }

  @Override
  public Optional<Map<String, String>> find(String namespace) {
    Optional<SharedIndexInformer<Namespace>> informer;
    synchronized (lock) {
      informer = namespaces;
    }
    return informer
        .map(i -> i.getStore().getByKey(namespace))
        .map(ns -> labels.get(ns, NamespaceInformer::labelsOf));
  }

  private static Map<String, String> labelsOf(Namespace ns) {
    Map<String, String> labels = new HashMap<>();
    if (ns.getMetadata() != null && ns.getMetadata().getLabels() != null) {
      ns.getMetadata()
          .getLabels()
          .forEach(
              (k, v) -> {
                if (k != null && v != null) {
                  labels.put(k, v);
                }
              });
    }
    return Map.copyOf(labels);
  }

  List<String> notReady() {
    return synced ? List.of() : List.of("The namespaces have not been listed yet");
  }

  /** Stops the informer. The client stays open. */
  @Override
  public void close() {
    Optional<SharedIndexInformer<Namespace>> running;
    synchronized (lock) {
      closed = true;
      running = namespaces;
    }
    running.ifPresent(SharedIndexInformer::close);
  }
}
