package dev.trustmirror.kube.publish;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * policy-controller's TrustRoot CRD as the mock API server needs to know it: group, version,
 * plural, cluster scope and the status subresource (config/300-trustroot.yaml of
 * sigstore/policy-controller).
 */
final class TrustRootCrd {
  private TrustRootCrd() {}

  static void register(KubernetesMockServer server) {
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("policy.sigstore.dev")
            .withVersion("v1alpha1")
            .withKind("TrustRoot")
            .withPlural("trustroots")
            .withScope("Cluster")
            .withStatusSubresource(true)
            .build());
  }
}
