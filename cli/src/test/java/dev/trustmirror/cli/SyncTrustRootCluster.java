package dev.trustmirror.cli;

import dev.trustmirror.kube.publish.TrustRootCondition;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fabric8 mock API server (CRUD mode, plain HTTP) as the CLI sees it: policy-controller's
 * TrustRoot CRD registered (cluster-scoped, status subresource), and a kubeconfig file naming it.
 */
record SyncTrustRootCluster(KubernetesClient client, Path kubeconfig) {
  static final String NAME = "sigstore";

  static SyncTrustRootCluster start(
      KubernetesMockServer server, KubernetesClient client, Path dir) {
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("policy.sigstore.dev")
            .withVersion("v1alpha1")
            .withKind("TrustRoot")
            .withPlural("trustroots")
            .withScope("Cluster")
            .withStatusSubresource(true)
            .build());
    return new SyncTrustRootCluster(
        client, kubeconfig(dir.resolve("kubeconfig"), client.getConfiguration().getMasterUrl()));
  }

  /** A kubeconfig whose current context is the API server at {@code url}. */
  static Path kubeconfig(Path file, String url) {
    try {
      return Files.writeString(
          file,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "- name: test",
              "  cluster:",
              "    server: " + url,
              "contexts:",
              "- name: test",
              "  context:",
              "    cluster: test",
              "    user: test",
              "current-context: test",
              "users:",
              "- name: test",
              "  user:",
              "    token: not-a-secret",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      trustRoots() {
    return client.genericKubernetesResources(
        TrustRootResources.API_VERSION, TrustRootResources.KIND);
  }

  GenericKubernetesResource trustRoot() {
    return trustRoots().withName(NAME).require();
  }

  Map<String, TrustRootCondition> conditions() {
    return TrustRootCondition.readAll(trustRoot()).stream()
        .collect(Collectors.toMap(TrustRootCondition::type, Function.identity()));
  }

  List<Event> events(String reason) {
    return client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> e.getReason().equals(reason))
        .toList();
  }
}
