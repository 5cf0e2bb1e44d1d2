package dev.trustmirror.verifier.policy;

import static dev.trustmirror.verifier.policy.PolicyDocuments.minimalWith;
import static dev.trustmirror.verifier.policy.PolicyDocuments.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.Repository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicySetTest {
  private static final Optional<Map<String, String>> PROD = Optional.of(Map.of("env", "prod"));
  private static final Optional<Map<String, String>> DEV = Optional.of(Map.of("env", "dev"));

  private static LoadedPolicy policy(String name, String glob, String... exclude) {
    return LoadedPolicy.load(
        minimalWith(
            r -> {
              ((ObjectNode) r.get("metadata")).put("name", name);
              spec(r).putArray("images").add(glob);
              if (exclude.length > 0) {
                spec(r).putArray("exclude").add(exclude[0]);
              }
            }));
  }

  private static LoadedPolicy prodOnly(String name, String glob) {
    return LoadedPolicy.load(
        minimalWith(
            r -> {
              ((ObjectNode) r.get("metadata")).put("name", name);
              spec(r).putArray("images").add(glob);
              spec(r).putObject("namespaceSelector").putObject("matchLabels").put("env", "prod");
            }));
  }

  private static Optional<Repository> repo(String image) throws Exception {
    return Optional.of(ImageReference.parse(image).repository());
  }

  private static List<String> names(List<LoadedPolicy> policies) {
    return policies.stream().map(LoadedPolicy::name).toList();
  }

  @Test
  void everyPolicyWhoseImagesMatchApplies() throws Exception {
    PolicySet set =
        PolicySet.of(
            List.of(
                policy("z-all", "**"),
                policy("acme", "ghcr.io/acme/**"),
                policy("other", "quay.io/**")));

    assertThat(names(set.applicable(repo("ghcr.io/acme/app:v1"), PROD)))
        .containsExactly("acme", "z-all");
    assertThat(names(set.applicable(repo("nginx"), PROD))).containsExactly("z-all");
  }

  @Test
  void anExcludedImageIsNotCovered() throws Exception {
    PolicySet set =
        PolicySet.of(List.of(policy("acme", "ghcr.io/acme/**", "ghcr.io/acme/debug/*")));

    assertThat(set.applicable(repo("ghcr.io/acme/debug/shell"), PROD)).isEmpty();
    assertThat(set.applicable(repo("ghcr.io/acme/app"), PROD)).hasSize(1);
  }

  @Test
  void theNamespaceSelectorDecidesWhereAPolicyApplies() throws Exception {
    PolicySet set = PolicySet.of(List.of(prodOnly("prod", "**"), policy("all", "**")));

    assertThat(names(set.applicable(repo("nginx"), PROD))).containsExactly("all", "prod");
    assertThat(names(set.applicable(repo("nginx"), DEV))).containsExactly("all");
  }

  @Test
  void unknownNamespaceLabelsApplyEveryPolicy() throws Exception {
    PolicySet set = PolicySet.of(List.of(prodOnly("prod", "**"), policy("all", "**")));

    assertThat(names(set.applicable(repo("nginx"), Optional.empty())))
        .containsExactly("all", "prod");
  }

  @Test
  void anUnreadableImageIsCoveredByEveryPolicyOfTheNamespace() {
    PolicySet set =
        PolicySet.of(List.of(prodOnly("prod", "ghcr.io/acme/**"), policy("quay", "quay.io/**")));

    assertThat(names(set.applicable(Optional.empty(), PROD))).containsExactly("prod", "quay");
    assertThat(names(set.applicable(Optional.empty(), DEV))).containsExactly("quay");
  }

  @Test
  void refusesTwoPoliciesOfOneName() {
    assertThatThrownBy(() -> PolicySet.of(List.of(policy("p", "**"), policy("p", "quay.io/**"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PolicySet.EMPTY.isEmpty()).isTrue();
  }
}
