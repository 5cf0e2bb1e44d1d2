package dev.trustmirror.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.verifier.policy.LabelSelector.Operator;
import dev.trustmirror.verifier.policy.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {
  private static final Map<String, String> NONE = Map.of();
  private static final Map<String, String> PROD = Map.of("env", "prod", "team", "web");
  private static final Map<String, String> DEV = Map.of("env", "dev");
  private static final Map<String, String> EMPTY_VALUE = Map.of("env", "");

  static Stream<Arguments> table() {
    LabelSelector prodLabel = new LabelSelector(Map.of("env", "prod"), List.of());
    LabelSelector in = expression(Operator.IN, "prod", "staging");
    LabelSelector notIn = expression(Operator.NOT_IN, "dev");
    LabelSelector exists = expression(Operator.EXISTS);
    LabelSelector doesNotExist = expression(Operator.DOES_NOT_EXIST);
    LabelSelector both =
        new LabelSelector(
            Map.of("team", "web"), List.of(new Requirement("env", Operator.IN, List.of("prod"))));
    return Stream.of(
        Arguments.of("everything", LabelSelector.EVERYTHING, NONE, true),
        Arguments.of("everything", LabelSelector.EVERYTHING, PROD, true),
        Arguments.of("matchLabels", prodLabel, PROD, true),
        Arguments.of("matchLabels", prodLabel, DEV, false),
        Arguments.of("matchLabels", prodLabel, NONE, false),
        Arguments.of("In", in, PROD, true),
        Arguments.of("In", in, Map.of("env", "staging"), true),
        Arguments.of("In", in, DEV, false),
        Arguments.of("In", in, NONE, false),
        Arguments.of("NotIn", notIn, NONE, true),
        Arguments.of("NotIn", notIn, DEV, false),
        Arguments.of("NotIn", notIn, PROD, true),
        Arguments.of("Exists", exists, EMPTY_VALUE, true),
        Arguments.of("Exists", exists, NONE, false),
        Arguments.of("DoesNotExist", doesNotExist, NONE, true),
        Arguments.of("DoesNotExist", doesNotExist, EMPTY_VALUE, false),
        Arguments.of("labels and expressions", both, PROD, true),
        Arguments.of("labels and expressions", both, Map.of("team", "web", "env", "dev"), false),
        Arguments.of("labels and expressions", both, Map.of("env", "prod"), false));
  }

  private static LabelSelector expression(Operator operator, String... values) {
    return new LabelSelector(Map.of(), List.of(new Requirement("env", operator, List.of(values))));
  }

  @ParameterizedTest(name = "{0} on {2} -> {3}")
  @MethodSource("table")
  void selectsNamespacesAsKubernetesDoes(
      String name, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(selector.matches(labels)).isEqualTo(expected);
  }

  @Test
  void refusesRequirementsWhoseValuesDoNotFitTheOperator() {
    assertThatThrownBy(() -> new Requirement("env", Operator.IN, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Requirement("env", Operator.EXISTS, List.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheSelectorOfAPolicy() throws Exception {
    ImageTrustPolicy policy = ImageTrustPolicy.parse(PolicyDocuments.fixture("full/policy.json"));
    LabelSelector selector = policy.namespaceSelector();
    assertThat(selector.matchLabels())
        .containsExactly(Map.entry("trust-mirror.dev/enforce", "true"));
    assertThat(selector.matchExpressions())
        .containsExactly(
            new Requirement(
                "kubernetes.io/metadata.name",
                Operator.NOT_IN,
                List.of("kube-system", "trust-mirror")),
            new Requirement("team", Operator.EXISTS, List.of()));
    Map<String, String> enforced =
        Map.of(
            "trust-mirror.dev/enforce", "true",
            "kubernetes.io/metadata.name", "shop",
            "team", "web");
    assertThat(selector.matches(enforced)).isTrue();
    assertThat(
            selector.matches(
                Map.of(
                    "trust-mirror.dev/enforce",
                    "true",
                    "team",
                    "web",
                    "kubernetes.io/metadata.name",
                    "kube-system")))
        .isFalse();
  }
}
