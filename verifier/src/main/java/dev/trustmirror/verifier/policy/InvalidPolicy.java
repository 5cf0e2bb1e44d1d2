package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import java.util.Objects;

/**
 * An {@code ImageTrustPolicy} that is not valid. It is not ignored: every image of its scope fails
 * it, with {@link #message()} as the reason, under its failure policy. Its scope is what could be
 * read of it, widened where a part does not read: {@code images} that do not parse cover every
 * image, an {@code exclude} that does not parse excludes nothing, a selector that does not parse
 * selects every namespace, and a {@code failurePolicy} that does not read is Block. A broken policy
 * therefore fails closed over at least what it was meant to cover.
 *
 * @param name {@code metadata.name}, or {@code (unnamed)}
 * @param generation {@code metadata.generation}, 0 when absent
 * @param scope what the policy covers, widened as above
 * @param failurePolicy its failure policy, Block when it does not read
 * @param rule why it is not valid
 * @param field where ({@code spec.images[2]})
 * @param message what was tried and why it failed
 */
public record InvalidPolicy(
    String name,
    long generation,
    PolicyScope scope,
    FailurePolicy failurePolicy,
    Rule rule,
    String field,
    String message)
    implements LoadedPolicy {
  public InvalidPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public PolicyCondition condition() {
    return PolicyCondition.invalid(this);
  }
}
