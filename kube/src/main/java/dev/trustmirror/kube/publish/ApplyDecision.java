package dev.trustmirror.kube.publish;

import static dev.trustmirror.kube.trustroot.TrustRootResources.CONTENT_HASH_ANNOTATION;
import static dev.trustmirror.kube.trustroot.TrustRootResources.MANAGED_BY;
import static dev.trustmirror.kube.trustroot.TrustRootResources.MANAGED_BY_LABEL;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What applying a generated {@code TrustRoot} to the API means, given what the API holds now: a
 * value, decided without I/O (the publisher carries it out, and decides again after a conflict).
 */
sealed interface ApplyDecision {

  /** No resource of that name: create this one. */
  record Create(GenericKubernetesResource resource) implements ApplyDecision {}

  /**
   * The resource exists with other content: send this one, which is the existing resource
   * (metadata, resourceVersion, status, other labels and annotations kept) with the generated spec,
   * label and annotations.
   */
  record Update(GenericKubernetesResource resource) implements ApplyDecision {}

  /** The resource already holds this content: write nothing. */
  record Unchanged(GenericKubernetesResource existing) implements ApplyDecision {}

  /**
   * The resource exists but trust-mirror does not manage it and was not told to adopt it.
   *
   * @param managedBy the value of its {@code app.kubernetes.io/managed-by} label, if any
   */
  record Refuse(Optional<String> managedBy) implements ApplyDecision {}

  /**
   * Decides.
   *
   * @param existing the resource as read from the API, if there is one
   * @param desired the generated resource
   * @param adopt whether a resource trust-mirror does not manage may be taken over
   */
  static ApplyDecision decide(
      Optional<GenericKubernetesResource> existing,
      GenericKubernetesResource desired,
      boolean adopt) {
    if (existing.isEmpty()) {
      return new Create(desired);
    }
    GenericKubernetesResource current = existing.get();
    Optional<String> managedBy = label(current, MANAGED_BY_LABEL);
    boolean managed = managedBy.filter(MANAGED_BY::equals).isPresent();
    if (!managed && !adopt) {
      return new Refuse(managedBy);
    }
    if (managed && sameContent(current, desired)) {
      return new Unchanged(current);
    }
    return new Update(withContentOf(current, desired));
  }

  /** Same content hash annotation and the very same spec (a hand edit of spec is undone). */
  private static boolean sameContent(
      GenericKubernetesResource current, GenericKubernetesResource desired) {
    return annotation(current, CONTENT_HASH_ANNOTATION)
            .equals(annotation(desired, CONTENT_HASH_ANNOTATION))
        && ResourceJson.MAPPER
            .valueToTree(current.getAdditionalProperties().get("spec"))
            .equals(ResourceJson.MAPPER.valueToTree(desired.getAdditionalProperties().get("spec")));
  }

  private static GenericKubernetesResource withContentOf(
      GenericKubernetesResource current, GenericKubernetesResource desired) {
    GenericKubernetesResource updated = ResourceJson.copy(current);
    ObjectMeta meta = updated.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(orEmpty(meta.getLabels()));
    labels.putAll(orEmpty(desired.getMetadata().getLabels()));
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>(orEmpty(meta.getAnnotations()));
    annotations.putAll(orEmpty(desired.getMetadata().getAnnotations()));
    meta.setAnnotations(annotations);
    updated.setAdditionalProperty("spec", desired.getAdditionalProperties().get("spec"));
    return updated;
  }

  static Optional<String> label(GenericKubernetesResource r, String key) {
    return Optional.ofNullable(r.getMetadata()).map(ObjectMeta::getLabels).map(l -> l.get(key));
  }

  static Optional<String> annotation(GenericKubernetesResource r, String key) {
    return Optional.ofNullable(r.getMetadata())
        .map(ObjectMeta::getAnnotations)
        .map(a -> a.get(key));
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
