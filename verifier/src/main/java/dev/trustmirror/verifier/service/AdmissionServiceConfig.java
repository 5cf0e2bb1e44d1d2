package dev.trustmirror.verifier.service;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.verifier.admission.WebhookSettings;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.webhook.WebhookServerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AdmissionService#start} runs with.
 *
 * @param client the API client; the caller keeps it open while the service runs, and closes it
 * @param clock "now" of every verification (TrustRoots, certificates), of conditions and Events
 * @param defaultTrustRoot the TrustRoot of policies without {@code trustRootRef} ({@code
 *     --trustroot}); the webhook is ready only once it verified
 * @param anchor where TrustRoot verification starts: {@link TrustAnchor#pinnedRoot} ({@code
 *     --root}, the secure choice) or the resource's own root
 * @param server where and how to listen: host, port, certificate files, metrics listener, worker
 *     threads (the service sets the settings, readiness, events and metrics registry)
 * @param settings the webhook's bounds ({@code --timeout}: the configurations' timeoutSeconds)
 * @param registry how registries are reached (insecure registries, CA, timeouts); each workload's
 *     pull secrets replace its credentials
 * @param cache the verdict cache's bounds ({@code maximumSize} 0: nothing is kept)
 * @param tagTtl how long a tag's resolution to a digest is reused (zero: resolved every review)
 * @param checkThreads image checks that run at once
 * @param checkQueue image checks that may wait; more fail at once (closed under Block)
 * @param startLimit how long each informer's first list may take at start
 * @param clusterReadTtl how long read Secrets and ServiceAccounts are used
 */
public record AdmissionServiceConfig(
    KubernetesClient client,
    Clock clock,
    Optional<String> defaultTrustRoot,
    TrustAnchor anchor,
    WebhookServerOptions.Builder server,
    WebhookSettings settings,
    RegistryClientOptions registry,
    VerdictCacheSettings cache,
    Duration tagTtl,
    int checkThreads,
    int checkQueue,
    Duration startLimit,
    Duration clusterReadTtl) {
  public AdmissionServiceConfig {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(defaultTrustRoot, "defaultTrustRoot");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(tagTtl, "tagTtl");
    Objects.requireNonNull(startLimit, "startLimit");
    Objects.requireNonNull(clusterReadTtl, "clusterReadTtl");
    if (checkThreads < 1 || checkQueue < 0) {
      throw new IllegalArgumentException("checkThreads >= 1 and checkQueue >= 0");
    }
  }

  /**
   * Image checks that run at once by default: each mostly waits on the registry, so this bounds the
   * registry round trips in flight (and the threads, and their memory) rather than the CPU.
   */
  public static final int DEFAULT_CHECK_THREADS = 32;

  /**
   * A configuration with the defaults: 256 image checks waiting, 30 s for first lists, 30 s for
   * cluster reads.
   *
   * @param checkThreads image checks that run at once ({@link #DEFAULT_CHECK_THREADS} by default)
   */
  public static AdmissionServiceConfig of(
      KubernetesClient client,
      Clock clock,
      Optional<String> defaultTrustRoot,
      TrustAnchor anchor,
      WebhookServerOptions.Builder server,
      WebhookSettings settings,
      RegistryClientOptions registry,
      VerdictCacheSettings cache,
      Duration tagTtl,
      int checkThreads) {
    return new AdmissionServiceConfig(
        client,
        clock,
        defaultTrustRoot,
        anchor,
        server,
        settings,
        registry,
        cache,
        tagTtl,
        checkThreads,
        256,
        AdmissionService.DEFAULT_START_LIMIT,
        Duration.ofSeconds(30));
  }
}
