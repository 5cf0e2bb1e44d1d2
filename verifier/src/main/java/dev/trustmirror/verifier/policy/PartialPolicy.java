package dev.trustmirror.verifier.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What can be read of a policy that is not valid: its name, generation, failure policy and scope,
 * each part widened to "everything" (or Block) when it does not read by itself. See {@link
 * InvalidPolicy}.
 */
final class PartialPolicy {
  private PartialPolicy() {}

  static InvalidPolicy of(JsonNode root, InvalidImageTrustPolicyException problem) {
    JsonNode nameNode = root.path("metadata").path("name");
    String name =
        nameNode.isTextual() && !nameNode.textValue().isEmpty()
            ? nameNode.textValue()
            : PolicyParser.UNNAMED;
    JsonNode spec = root.path("spec");
    PolicyScope scope = PolicyScope.EVERYTHING;
    FailurePolicy failurePolicy = FailurePolicy.BLOCK;
    if (spec.isObject()) {
      scope =
          new PolicyScope(
              readOr(() -> PolicyParser.globs(spec, "images", 1), List.of()),
              spec.hasNonNull("exclude")
                  ? readOr(() -> PolicyParser.globs(spec, "exclude", 0), List.of())
                  : List.of(),
              readOr(() -> SelectorParser.selector(spec), LabelSelector.EVERYTHING));
      failurePolicy = readOr(() -> PolicyParser.failurePolicy(spec), FailurePolicy.BLOCK);
    }
    return new InvalidPolicy(
        name,
        PolicyParser.generation(root),
        scope,
        failurePolicy,
        problem.rule(),
        problem.field(),
        problem.getMessage());
  }

  private interface Reader<T> {
    T read() throws InvalidImageTrustPolicyException;
  }

  private static <T> T readOr(Reader<T> reader, T widest) {
    try {
      return reader.read();
    } catch (InvalidImageTrustPolicyException e) {
      return widest;
    }
  }
}
