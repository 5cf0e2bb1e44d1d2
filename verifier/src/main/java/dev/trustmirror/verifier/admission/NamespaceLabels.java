package dev.trustmirror.verifier.admission;

import java.util.Map;
import java.util.Optional;

/**
 * The labels of namespaces, for the policies' namespace selectors (the webhook's Namespace informer
 * holds them; an AdmissionReview does not carry them).
 */
@FunctionalInterface
public interface NamespaceLabels {
  /**
   * The labels of {@code namespace}.
   *
   * @return empty when the namespace is not known (yet): every policy then applies, whatever its
   *     selector (fail closed)
   */
  Optional<Map<String, String>> find(String namespace);
}
