package dev.trustmirror.kube.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** The JSON mapper of this package, and deep copies of resources through it. */
final class ResourceJson {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private ResourceJson() {}

  /** A deep copy: changing it never changes {@code r}. */
  static GenericKubernetesResource copy(GenericKubernetesResource r) {
    try {
      return MAPPER.treeToValue(MAPPER.valueToTree(r), GenericKubernetesResource.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a resource reads back from its own JSON", e);
    }
  }
}
