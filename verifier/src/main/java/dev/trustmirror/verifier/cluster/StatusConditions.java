package dev.trustmirror.verifier.cluster;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Puts one condition into a resource's existing {@code status}. Pure. Every other field of {@code
 * status} and every condition of another type (the sync agent's, policy-controller's) is kept
 * exactly as it is; ours replaces the entry of the same type in place (a duplicate of it is
 * dropped) or is appended. Its {@code lastTransitionTime} changes only when its status flips
 * (Kubernetes API conventions). Whatever {@code status} holds (a string, a list of strings, a
 * condition without a type) never throws.
 */
final class StatusConditions {
  /**
   * The merged status.
   *
   * @param status the whole {@code status} object to write
   * @param changed false when the condition was already there with the same status, reason, message
   *     and observed generation (and a transition time): nothing needs to be written
   */
  record Merged(Map<String, Object> status, boolean changed) {}

  private StatusConditions() {}

  /**
   * Merges.
   *
   * @param status the resource's current {@code status} (any JSON value; not an object reads as
   *     empty)
   * @param desired the condition to hold
   * @param now the transition time when the condition is new or its status flipped
   */
  static Merged merge(Object status, StatusCondition desired, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (status instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    List<Object> conditions = new ArrayList<>();
    boolean placed = false;
    boolean changed = false;
    if (out.get("conditions") instanceof List<?> list) {
      for (Object entry : list) {
        if (!isOfType(entry, desired.type())) {
          conditions.add(entry);
        } else if (placed) {
          changed = true; // a type appears once
        } else {
          Map<?, ?> before = (Map<?, ?>) entry;
          boolean flipped = !desired.status().equals(before.get("status"));
          Optional<Instant> transition = flipped ? Optional.empty() : time(before);
          changed |= flipped || transition.isEmpty() || !same(before, desired);
          conditions.add(toMap(desired, transition.orElse(now)));
          placed = true;
        }
      }
    } else if (out.containsKey("conditions")) {
      changed = true; // not a list: replaced by one
    }
    if (!placed) {
      conditions.add(toMap(desired, now));
      changed = true;
    }
    out.put("conditions", conditions);
    return new Merged(out, changed);
  }

  /** The entry of {@code type} in {@code status.conditions}, when there is one. */
  static Optional<Map<?, ?>> find(Object status, String type) {
    if (status instanceof Map<?, ?> m && m.get("conditions") instanceof List<?> list) {
      for (Object entry : list) {
        if (isOfType(entry, type)) {
          return Optional.of((Map<?, ?>) entry);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isOfType(Object entry, String type) {
    return entry instanceof Map<?, ?> m && type.equals(m.get("type"));
  }

  private static boolean same(Map<?, ?> before, StatusCondition desired) {
    return desired.reason().equals(before.get("reason"))
        && desired.message().equals(before.get("message"))
        && generationOf(before).equals(desired.observedGeneration());
  }

  private static OptionalLong generationOf(Map<?, ?> condition) {
    Object g = condition.get("observedGeneration");
    return g instanceof Number n && (g instanceof Integer || g instanceof Long)
        ? OptionalLong.of(n.longValue())
        : OptionalLong.empty();
  }

  private static Optional<Instant> time(Map<?, ?> condition) {
    if (!(condition.get("lastTransitionTime") instanceof String s)) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Map<String, Object> toMap(StatusCondition c, Instant transition) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", c.type());
    m.put("status", c.status());
    c.observedGeneration().ifPresent(g -> m.put("observedGeneration", g));
    m.put(
        "lastTransitionTime",
        Objects.requireNonNull(transition).truncatedTo(ChronoUnit.SECONDS).toString());
    m.put("reason", c.reason());
    m.put("message", c.message());
    return m;
  }
}
