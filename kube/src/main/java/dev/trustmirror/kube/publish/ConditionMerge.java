package dev.trustmirror.kube.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts trust-mirror's conditions into a resource's existing {@code status.conditions}. Pure.
 * Conditions of other types (policy-controller's) are kept exactly as they are, unknown fields
 * included; one of ours replaces the entry of the same type in place or is appended. A condition's
 * {@code lastTransitionTime} changes only when its status flips (Kubernetes API conventions).
 */
final class ConditionMerge {
  /**
   * The merged list.
   *
   * @param conditions the JSON objects to write as {@code status.conditions}
   * @param changed false when every one of ours was already there with the same status, reason,
   *     message and observed generation: then nothing needs to be written
   */
  record Result(List<Object> conditions, boolean changed) {}

  private ConditionMerge() {}

  /**
   * Merges.
   *
   * @param existing the current {@code status.conditions} (any JSON; not a list reads as empty)
   * @param ours the desired conditions, without transition times
   * @param now the transition time of a condition that is new or flipped
   */
  static Result merge(Object existing, List<TrustRootCondition> ours, Instant now) {
    List<Object> out = new ArrayList<>();
    JsonNode current = ResourceJson.MAPPER.valueToTree(existing);
    List<String> placed = new ArrayList<>();
    boolean changed = false;
    if (current != null && current.isArray()) {
      for (JsonNode entry : current) {
        Optional<TrustRootCondition> mine = find(ours, entry.path("type").asText(null));
        if (mine.isEmpty() || placed.contains(mine.get().type())) {
          // Not ours, or a duplicate of one of ours (dropped: a type appears once)
          if (mine.isEmpty()) {
            out.add(ResourceJson.MAPPER.convertValue(entry, Object.class));
          } else {
            changed = true;
          }
          continue;
        }
        Optional<TrustRootCondition> before = TrustRootCondition.parse(entry);
        TrustRootCondition desired = mine.get();
        boolean flipped = before.isEmpty() || before.get().status() != desired.status();
        Instant transition = flipped ? now : before.get().lastTransitionTime().orElse(now);
        TrustRootCondition written = desired.at(transition);
        changed |=
            before.isEmpty()
                || !before.get().sameAs(desired)
                || before.get().lastTransitionTime().isEmpty();
        out.add(written.toMap());
        placed.add(desired.type());
      }
    }
    for (TrustRootCondition c : ours) {
      if (!placed.contains(c.type())) {
        out.add(c.at(now).toMap());
        changed = true;
      }
    }
    return new Result(out, changed);
  }

  private static Optional<TrustRootCondition> find(List<TrustRootCondition> ours, String type) {
    return ours.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** {@code status} as a mutable map, keeping every field it has. */
  static Map<String, Object> statusOf(Object status) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (status instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> m.put(String.valueOf(k), v));
    }
    return m;
  }
}
