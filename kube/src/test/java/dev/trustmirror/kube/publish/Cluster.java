package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the tests read back from the mock API server, as another client would. */
record Cluster(KubernetesClient client) {
  static final String NAME = "sigstore";

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

  String resourceVersion() {
    return trustRoot().getMetadata().getResourceVersion();
  }

  Object spec() {
    return trustRoot().getAdditionalProperties().get("spec");
  }

  /** The resource's conditions by type. */
  Map<String, TrustRootCondition> conditions() {
    return TrustRootCondition.readAll(trustRoot()).stream()
        .collect(Collectors.toMap(TrustRootCondition::type, Function.identity()));
  }

  /** Every Event about the TrustRoot, oldest first, in whatever namespace. */
  List<Event> events() {
    return client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> NAME.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(Event::getFirstTimestamp).thenComparing(Event::getReason))
        .toList();
  }

  List<Event> events(String reason) {
    return events().stream().filter(e -> e.getReason().equals(reason)).toList();
  }
}
