package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code TrustRoot} resources of one API server ({@code policy.sigstore.dev/v1alpha1},
 * cluster-scoped), found through API discovery. Every failure becomes a {@link
 * KubernetesApiException} that says what was attempted; a write that lost an optimistic concurrency
 * race (409) is a value, so that callers can read again and retry.
 */
public final class TrustRootApi {
  private final KubernetesClient client;
  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources;

  /** What a write did. */
  enum Outcome {
    /** Written; the resource as the server stored it is returned. */
    WRITTEN,
    /** Someone wrote first (409): read again, decide again. */
    CONFLICT,
    /** The resource is gone (404). */
    ABSENT
  }

  /** The result of a write. */
  record Write(Outcome outcome, Optional<GenericKubernetesResource> resource) {
    static Write written(GenericKubernetesResource r) {
      return new Write(Outcome.WRITTEN, Optional.of(r));
    }

    static Write of(Outcome outcome) {
      return new Write(outcome, Optional.empty());
    }
  }

  /**
   * @param client a client of the API server; not closed by this
   */
  public TrustRootApi(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  /** The API server's address, for messages. */
  public String server() {
    return String.valueOf(client.getConfiguration().getMasterUrl());
  }

  /**
   * The resource of that name.
   *
   * @throws KubernetesApiException when the server cannot be reached, refuses, or serves no
   *     TrustRoot type
   */
  public Optional<GenericKubernetesResource> find(String name) throws KubernetesApiException {
    String operation = "read TrustRoot " + name + " from " + server();
    try {
      return Optional.ofNullable(resources(operation).withName(name).get());
    } catch (KubernetesClientException e) {
      throw KubernetesApiException.of(operation, e);
    }
  }

  /** Creates; {@link Outcome#CONFLICT} when a resource of that name appeared meanwhile. */
  Write create(GenericKubernetesResource r) throws KubernetesApiException {
    String operation = "create TrustRoot " + r.getMetadata().getName() + " on " + server();
    try {
      return Write.written(resources(operation).resource(r).create());
    } catch (KubernetesClientException e) {
      return outcomeOrThrow(operation, e);
    }
  }

  /** Replaces, if {@code r}'s resourceVersion is still the stored one. */
  Write update(GenericKubernetesResource r) throws KubernetesApiException {
    String operation = "update TrustRoot " + r.getMetadata().getName() + " on " + server();
    try {
      return Write.written(resources(operation).resource(r).update());
    } catch (KubernetesClientException e) {
      return outcomeOrThrow(operation, e);
    }
  }

  /**
   * Writes {@code r}'s status through the status subresource, if {@code r}'s resourceVersion is
   * still the stored one. When the server does not serve the subresource (a CRD without {@code
   * subresources.status}), the whole resource is replaced instead, which then also writes status.
   */
  Write updateStatus(GenericKubernetesResource r) throws KubernetesApiException {
    String name = r.getMetadata().getName();
    String operation = "update the status of TrustRoot " + name + " on " + server();
    try {
      return Write.written(resources(operation).resource(r).updateStatus());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        return outcomeOrThrow(operation, e);
      }
    }
    // 404: the resource is gone, or its type has no status subresource
    if (find(name).isEmpty()) {
      return Write.of(Outcome.ABSENT);
    }
    return update(r);
  }

  private static Write outcomeOrThrow(String operation, KubernetesClientException e)
      throws KubernetesApiException {
    if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
      return Write.of(Outcome.CONFLICT);
    }
    if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
      return Write.of(Outcome.ABSENT);
    }
    throw KubernetesApiException.of(operation, e);
  }

  private synchronized NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(String operation) throws KubernetesApiException {
    if (resources == null) {
      try {
        // API discovery: the plural and the scope come from the server's TrustRoot CRD
        resources =
            client.genericKubernetesResources(
                TrustRootResources.API_VERSION, TrustRootResources.KIND);
      } catch (KubernetesClientException e) {
        if (e.getCode() > 0 || e.getCause() != null) {
          // answered with an error, or not reached at all
          throw KubernetesApiException.of(operation, e);
        }
        throw new KubernetesApiException(
            operation,
            "the API server does not serve "
                + TrustRootResources.API_VERSION
                + " "
                + TrustRootResources.KIND
                + " ("
                + e.getMessage()
                + "): install policy-controller's TrustRoot CustomResourceDefinition",
            0,
            e);
      }
    }
    return resources;
  }
}
