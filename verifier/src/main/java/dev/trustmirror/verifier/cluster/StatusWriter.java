package dev.trustmirror.verifier.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes one condition into the status of a cluster-scoped custom resource, through the status
 * subresource, only when the resource does not hold it already. A write that loses an optimistic
 * concurrency race (409) reads the resource again, decides again and retries, a few times; a
 * resource that is gone is left alone.
 */
final class StatusWriter {
  /** What a call did. */
  enum Outcome {
    /** The status was written. */
    WRITTEN,
    /** The resource already held the condition: nothing was written. */
    UNCHANGED,
    /** The resource does not exist (any more). */
    ABSENT
  }

  static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final ResourceDefinitionContext type;
  private final Clock clock;

  StatusWriter(KubernetesClient client, ResourceDefinitionContext type, Clock clock) {
    this.client = client;
    this.type = type;
    this.clock = clock;
  }

  /**
   * Makes the resource hold the condition {@code desired} computes for it.
   *
   * @param current the resource as last seen (an informer's copy), or empty to read it first
   * @param desired the condition for a state of the resource (computed again after a conflict,
   *     since the resource may have changed)
   * @throws KubernetesClientException when the API server refuses otherwise, or cannot be reached,
   *     or others kept writing the resource
   */
  Outcome write(
      String name,
      Optional<GenericKubernetesResource> current,
      Function<GenericKubernetesResource, StatusCondition> desired) {
    Optional<GenericKubernetesResource> state = current.isPresent() ? current : read(name);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (state.isEmpty()) {
        return Outcome.ABSENT;
      }
      GenericKubernetesResource resource = state.get();
      StatusConditions.Merged merged =
          StatusConditions.merge(
              resource.getAdditionalProperties().get("status"),
              desired.apply(resource),
              clock.instant());
      if (!merged.changed()) {
        return Outcome.UNCHANGED;
      }
      GenericKubernetesResource changed = withStatus(resource, merged.status());
      int code;
      try {
        client.genericKubernetesResources(type).resource(changed).updateStatus();
        return Outcome.WRITTEN;
      } catch (KubernetesClientException e) {
        code = e.getCode();
        if (code != HttpURLConnection.HTTP_CONFLICT && code != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
      }
      // 409: someone wrote first, decide again on what is there now
      Optional<GenericKubernetesResource> again = read(name);
      if (code == HttpURLConnection.HTTP_NOT_FOUND && again.isPresent()) {
        // 404 for a resource that exists: its type serves no status subresource. Replace the
        // whole resource, which then also writes status (as the sync agent's TrustRootApi does).
        GenericKubernetesResource whole = withStatus(again.get(), merged.status());
        try {
          client.genericKubernetesResources(type).resource(whole).update();
          return Outcome.WRITTEN;
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw e;
          }
          again = read(name);
        }
      }
      state = again;
    }
    throw new KubernetesClientException(
        "Tried to write the status of "
            + type.getKind()
            + " "
            + name
            + " but failed because others kept writing it ("
            + MAX_ATTEMPTS
            + " attempts)",
        HttpURLConnection.HTTP_CONFLICT,
        null);
  }

  private Optional<GenericKubernetesResource> read(String name) {
    return Optional.ofNullable(resource(name).get());
  }

  private Resource<GenericKubernetesResource> resource(String name) {
    return client.genericKubernetesResources(type).withName(name);
  }

  private static GenericKubernetesResource withStatus(
      GenericKubernetesResource resource, Map<String, Object> status) {
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(resource.getApiVersion());
    copy.setKind(resource.getKind());
    copy.setMetadata(resource.getMetadata());
    resource.getAdditionalProperties().forEach(copy::setAdditionalProperty);
    copy.setAdditionalProperty("status", status);
    return copy;
  }
}
