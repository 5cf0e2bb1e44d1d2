package dev.trustmirror.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentKeyTest {
  private static GenericKubernetesResource resource(String mirrorFs, String verifiedAt) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("policy.sigstore.dev/v1alpha1");
    r.setKind("TrustRoot");
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName("sigstore")
            .withResourceVersion("7")
            .withLabels(new HashMap<>(Map.of("app.kubernetes.io/managed-by", "trust-mirror")))
            .withAnnotations(new HashMap<>(Map.of("trust-mirror.dev/verified-at", verifiedAt)))
            .build());
    r.setAdditionalProperty(
        "spec", Map.of("repository", Map.of("mirrorFS", mirrorFs, "root", "cm9vdA==")));
    return r;
  }

  @Test
  void statusLabelsAndResourceVersionDoNotCount() {
    GenericKubernetesResource a = resource("QUJD", "2026-03-01T10:00:00Z");
    GenericKubernetesResource b = resource("QUJD", "2026-03-01T10:00:00Z");
    b.getMetadata().setResourceVersion("8");
    b.getMetadata().getLabels().put("team", "security");
    b.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready"))));
    assertThat(ContentKey.of(b)).isEqualTo(ContentKey.of(a));
  }

  @Test
  void theSpecAndTheAnnotationsDo() {
    GenericKubernetesResource a = resource("QUJD", "2026-03-01T10:00:00Z");
    assertThat(ContentKey.of(resource("QUJE", "2026-03-01T10:00:00Z")))
        .isNotEqualTo(ContentKey.of(a));
    assertThat(ContentKey.of(resource("QUJD", "2026-03-01T11:00:00Z")))
        .isNotEqualTo(ContentKey.of(a));
  }

  @Test
  void aResourceWithoutMetadataOrSpecHasAKeyToo() {
    GenericKubernetesResource bare = new GenericKubernetesResource();
    assertThat(ContentKey.of(bare)).isEqualTo(ContentKey.of(new GenericKubernetesResource()));
    assertThat(ContentKey.of(bare).annotations()).isEmpty();
  }
}
