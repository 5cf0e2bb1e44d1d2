package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplyDecisionTest {
  static final String HASH = TrustRootResources.CONTENT_HASH_ANNOTATION;
  static final String MANAGED = TrustRootResources.MANAGED_BY_LABEL;

  private static GenericKubernetesResource resource(
      Map<String, String> labels, Map<String, String> annotations, Object spec) {
    GenericKubernetesResource r =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(TrustRootResources.API_VERSION)
            .withKind(TrustRootResources.KIND)
            .withNewMetadata()
            .withName("sigstore")
            .withLabels(new HashMap<>(labels))
            .withAnnotations(new HashMap<>(annotations))
            .endMetadata()
            .build();
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  private static GenericKubernetesResource desired(String hash, String mirrorFs) {
    return resource(
        Map.of(MANAGED, "trust-mirror"),
        Map.of(HASH, hash),
        Map.of("repository", Map.of("mirrorFS", mirrorFs)));
  }

  private static GenericKubernetesResource stored(
      Map<String, String> labels, String hash, String mirrorFs) {
    GenericKubernetesResource r =
        resource(
            labels,
            Map.of(HASH, hash, "note", "kept"),
            Map.of("repository", Map.of("mirrorFS", mirrorFs)));
    r.getMetadata().setResourceVersion("42");
    r.setAdditionalProperty("status", Map.of("observedGeneration", 3));
    return r;
  }

  @Test
  void createsWhenNothingIsThere() {
    GenericKubernetesResource d = desired("h1", "A");
    assertThat(ApplyDecision.decide(Optional.empty(), d, false))
        .isEqualTo(new ApplyDecision.Create(d));
  }

  @Test
  void writesNothingWhenTheManagedResourceHoldsTheSameContent() {
    GenericKubernetesResource s = stored(Map.of(MANAGED, "trust-mirror"), "h1", "A");
    assertThat(ApplyDecision.decide(Optional.of(s), desired("h1", "A"), false))
        .isEqualTo(new ApplyDecision.Unchanged(s));
  }

  @Test
  void updatesWhenTheContentHashDiffersKeepingVersionStatusAndOtherMetadata() {
    GenericKubernetesResource s = stored(Map.of(MANAGED, "trust-mirror", "team", "x"), "h1", "A");

    ApplyDecision d = ApplyDecision.decide(Optional.of(s), desired("h2", "B"), false);

    assertThat(d).isInstanceOf(ApplyDecision.Update.class);
    GenericKubernetesResource u = ((ApplyDecision.Update) d).resource();
    assertThat(u.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(u.getMetadata().getLabels()).containsEntry("team", "x");
    assertThat(u.getMetadata().getAnnotations())
        .containsEntry(HASH, "h2")
        .containsEntry("note", "kept");
    assertThat(u.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("repository", Map.of("mirrorFS", "B")));
    assertThat(u.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("observedGeneration", 3));
    // the stored resource itself is not changed
    assertThat(s.getMetadata().getAnnotations()).containsEntry(HASH, "h1");
  }

  @Test
  void updatesAHandEditedSpecEvenWhenTheHashAnnotationStillMatches() {
    GenericKubernetesResource s = stored(Map.of(MANAGED, "trust-mirror"), "h1", "EDITED");
    assertThat(ApplyDecision.decide(Optional.of(s), desired("h1", "A"), false))
        .isInstanceOf(ApplyDecision.Update.class);
  }

  @Test
  void refusesAResourceManagedBySomeoneElse() {
    GenericKubernetesResource s = stored(Map.of(MANAGED, "helm"), "h1", "A");
    assertThat(ApplyDecision.decide(Optional.of(s), desired("h1", "A"), false))
        .isEqualTo(new ApplyDecision.Refuse(Optional.of("helm")));
  }

  @Test
  void refusesAResourceWithoutLabels() {
    GenericKubernetesResource s = stored(Map.of(), "h1", "A");
    s.getMetadata().setLabels(null);
    assertThat(ApplyDecision.decide(Optional.of(s), desired("h1", "A"), false))
        .isEqualTo(new ApplyDecision.Refuse(Optional.empty()));
  }

  @Test
  void adoptionUpdatesAForeignResourceEvenWithTheSameContentAndLabelsIt() {
    GenericKubernetesResource s = stored(Map.of(MANAGED, "helm"), "h1", "A");

    ApplyDecision d = ApplyDecision.decide(Optional.of(s), desired("h1", "A"), true);

    assertThat(d).isInstanceOf(ApplyDecision.Update.class);
    assertThat(((ApplyDecision.Update) d).resource().getMetadata().getLabels())
        .containsEntry(MANAGED, "trust-mirror");
  }
}
