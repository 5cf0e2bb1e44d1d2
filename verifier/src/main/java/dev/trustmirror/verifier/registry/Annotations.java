package dev.trustmirror.verifier.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable, order-keeping copies of annotation maps for the model records. */
final class Annotations {
  private Annotations() {}

  /** An unmodifiable copy that keeps the order of {@code map}; no null keys or values. */
  static Map<String, String> copyOf(Map<String, String> map) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
    return Collections.unmodifiableMap(copy);
  }
}
