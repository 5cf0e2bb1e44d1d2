package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The generated resource goes through an API server (fabric8's mock server in CRUD mode, on
 * 127.0.0.1) as a cluster-scoped object, and what comes back verifies to the same repository.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootApiRoundTripIT {
  static final ResourceDefinitionContext TRUST_ROOTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("policy.sigstore.dev")
          .withVersion("v1alpha1")
          .withKind("TrustRoot")
          .withPlural("trustroots")
          .withNamespaced(false)
          .build();

  KubernetesClient client;

  @Test
  void createdResourceReadsBackVerifiedWithItsResourceVersion() throws Exception {
    VerifiedRepository repo = TestRepositories.history08();
    GeneratedTrustRoot generated =
        TrustRootResources.generate(
            "sigstore", TrustRootForm.REPOSITORY, repo, TestRepositories.history08Root());
    client.genericKubernetesResources(TRUST_ROOTS).resource(generated.resource()).create();

    GenericKubernetesResource stored =
        client.genericKubernetesResources(TRUST_ROOTS).withName("sigstore").get();
    assertThat(stored.getMetadata().getResourceVersion()).isNotEmpty();
    VerifiedTrustRoot back =
        TrustRootReader.create(Clock.fixed(TestRepositories.POINT.validAt(), ZoneOffset.UTC))
            .read(stored, TrustAnchor.resourceRoot());
    assertThat(back.name()).isEqualTo("sigstore");
    assertThat(back.resourceVersion()).contains(stored.getMetadata().getResourceVersion());
    assertThat(back.repository().contentHash()).isEqualTo(repo.contentHash());
    for (String path : repo.paths()) {
      assertThat(back.repository().bytes(path)).as(path).isEqualTo(repo.bytes(path));
    }
  }
}
