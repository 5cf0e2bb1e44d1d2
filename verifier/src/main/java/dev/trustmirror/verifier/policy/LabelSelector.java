package dev.trustmirror.verifier.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes label selector ({@code metav1.LabelSelector}) over a namespace's labels: every
 * {@code matchLabels} pair and every {@code matchExpressions} requirement must hold. The empty
 * selector selects every namespace.
 *
 * @param matchLabels labels that must be present with exactly these values
 * @param matchExpressions requirements that must all hold
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  /** The selector that selects every namespace (an absent {@code namespaceSelector}). */
  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  /** The operators of a requirement. */
  public enum Operator {
    /** The label is present and its value is one of the values. */
    IN("In"),
    /** The label is absent, or its value is none of the values. */
    NOT_IN("NotIn"),
    /** The label is present, whatever its value. */
    EXISTS("Exists"),
    /** The label is absent. */
    DOES_NOT_EXIST("DoesNotExist");

    private final String specName;

    Operator(String specName) {
      this.specName = specName;
    }

    /**
     * How Kubernetes spells it: {@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}.
     */
    public String specName() {
      return specName;
    }

    static Optional<Operator> fromSpec(String value) {
      for (Operator operator : values()) {
        if (operator.specName.equals(value)) {
          return Optional.of(operator);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One requirement: {@code key operator values}.
   *
   * @param key the label key
   * @param operator how the label must relate to {@code values}
   * @param values non-empty for In and NotIn, empty for Exists and DoesNotExist
   */
  public record Requirement(String key, Operator operator, List<String> values) {
    /**
     * @throws IllegalArgumentException when the values do not fit the operator
     */
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = List.copyOf(values);
      boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
      if (needsValues == values.isEmpty()) {
        throw new IllegalArgumentException(
            operator.specName() + (needsValues ? " needs values" : " takes no values"));
      }
    }

    /** Whether {@code labels} satisfy this requirement. */
    public boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** Whether a namespace with {@code labels} is selected. */
  public boolean matches(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    for (Map.Entry<String, String> required : matchLabels.entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    for (Requirement requirement : matchExpressions) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selector selects every namespace. */
  public boolean selectsEverything() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }
}
