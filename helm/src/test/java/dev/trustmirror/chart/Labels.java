package dev.trustmirror.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/** The standard labels of the chart's objects. */
final class Labels {
  static final String NAME = "app.kubernetes.io/name";
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String VERSION = "app.kubernetes.io/version";
  static final String CHART = "helm.sh/chart";

  private Labels() {}

  /** The object's labels, empty when it has none. */
  static Map<String, String> of(HasMetadata o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** The value of app.kubernetes.io/component. */
  static Optional<String> component(HasMetadata o) {
    return Optional.ofNullable(of(o).get(COMPONENT));
  }

  /** Whether a selector's labels all appear, with the same values, in {@code labels}. */
  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
