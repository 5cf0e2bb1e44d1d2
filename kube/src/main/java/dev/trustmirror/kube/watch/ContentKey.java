package dev.trustmirror.kube.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the verification of a {@code TrustRoot} state depends on: everything but its status and its
 * metadata other than annotations (the reader reads the {@code trust-mirror.dev/verified-at}
 * annotation). Two states with equal keys verify alike, so a status, label or resourceVersion-only
 * update is not verified (nor reported) again.
 */
record ContentKey(
    String apiVersion, String kind, Map<String, String> annotations, Map<String, Object> body) {

  static ContentKey of(GenericKubernetesResource state) {
    Map<String, Object> body = new HashMap<>(state.getAdditionalProperties());
    body.remove("status");
    Map<String, String> annotations =
        Optional.ofNullable(state.getMetadata())
            .flatMap(m -> Optional.ofNullable(m.getAnnotations()))
            .<Map<String, String>>map(HashMap::new)
            .orElseGet(HashMap::new);
    return new ContentKey(
        state.getApiVersion(),
        state.getKind(),
        Collections.unmodifiableMap(annotations),
        Collections.unmodifiableMap(body));
  }
}
