package dev.trustmirror.verifier.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

  /**
   * Characters of the (repository, namespace labels) pairs whose applicable policies are kept per
   * set: repositories come from reviews, so the bound is on what they hold, not on their number.
   */
  private static final long MAX_REMEMBERED_CHARS = 1_000_000;

  private final List<LoadedPolicy> policies;

  /** What {@link #applicable} answered, by its arguments: the set never changes. */
  private final Cache<Scope, List<LoadedPolicy>> remembered =
      Caffeine.newBuilder()
          .maximumWeight(MAX_REMEMBERED_CHARS)
          .<Scope, List<LoadedPolicy>>weigher(
              (scope, policies) ->
                  64
                      + policies.size() * 8
                      + scope.repository().map(r -> r.matchName().length()).orElse(0))
          .executor(Runnable::run)
          .build();

  private record Scope(Optional<Repository> repository, Optional<Map<String, String>> labels) {}

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
    return remembered.get(
        new Scope(repository, namespaceLabels),
        scope ->
            policies.stream().filter(p -> p.scope().covers(repository, namespaceLabels)).toList());
  }

  /** Whether no policy is in force. */
  public boolean isEmpty() {
    return policies.isEmpty();
  }
}
