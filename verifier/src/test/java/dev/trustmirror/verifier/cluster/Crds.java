package dev.trustmirror.verifier.cluster;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * The custom resource types the mock API server must know (group, version, plural, scope, status
 * subresource): the chart's ImageTrustPolicy CRD and policy-controller's TrustRoot CRD.
 */
final class Crds {
  private Crds() {}

  static void register(KubernetesMockServer server) {
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("trust-mirror.dev")
            .withVersion("v1alpha1")
            .withKind("ImageTrustPolicy")
            .withPlural("imagetrustpolicies")
            .withScope("Cluster")
            .withStatusSubresource(true)
            .build());
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
