package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.registry.Repository;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code ImageTrustPolicy} in force, valid or not, ordered by name: an immutable snapshot the
 * webhook swaps when a policy changes. Every policy that covers an image applies to it and all must
 * pass; within one policy, any one authority may pass. An image no policy covers is not checked
 * (add a policy with {@code images: ["**"]} to require signatures everywhere).
 */
public final class PolicySet {
  /** No policies: nothing is checked. */
  public static final PolicySet EMPTY = new PolicySet(List.of());

  private final List<LoadedPolicy> policies;

  private PolicySet(List<LoadedPolicy> policies) {
    this.policies = policies;
  }

  /**
   * The set of {@code policies}.
   *
   * @throws IllegalArgumentException when two have the same name (names are unique per cluster)
   */
  public static PolicySet of(Collection<? extends LoadedPolicy> policies) {
    Set<String> names = new HashSet<>();
    for (LoadedPolicy policy : policies) {
      if (!names.add(policy.name())) {
        throw new IllegalArgumentException("Two policies are named " + policy.name());
      }
    }
    return new PolicySet(
        policies.stream()
            .<LoadedPolicy>map(p -> p)
            .sorted(Comparator.comparing(LoadedPolicy::name))
            .toList());
  }

  /** Every policy, by name. */
  public List<LoadedPolicy> policies() {
    return policies;
  }

  /**
   * The policies that apply to an image in a namespace, by name.
   *
   * @param repository the image's repository; empty when its reference does not parse (then every
   *     policy selecting the namespace applies)
   * @param namespaceLabels the namespace's labels; empty when unknown (then every selector matches)
   */
  public List<LoadedPolicy> applicable(
      Optional<Repository> repository, Optional<Map<String, String>> namespaceLabels) {
    return policies.stream().filter(p -> p.scope().covers(repository, namespaceLabels)).toList();
  }

  /** Whether no policy is in force. */
  public boolean isEmpty() {
    return policies.isEmpty();
  }
}
