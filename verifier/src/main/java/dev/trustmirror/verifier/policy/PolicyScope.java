package dev.trustmirror.verifier.policy;

import dev.trustmirror.verifier.registry.Repository;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which images in which namespaces a policy applies to: images matching one of {@code images} and
 * none of {@code exclude}, in namespaces {@code namespaceSelector} selects.
 *
 * @param images globs of the images the policy applies to; empty means every image (only for the
 *     widened scope of an invalid policy, see {@link InvalidPolicy})
 * @param exclude globs of images it does not apply to
 * @param namespaceSelector the namespaces it applies to
 */
public record PolicyScope(
    List<ImageGlob> images, List<ImageGlob> exclude, LabelSelector namespaceSelector) {
  /** Every image in every namespace: the scope of a policy whose own scope could not be read. */
  public static final PolicyScope EVERYTHING =
      new PolicyScope(List.of(), List.of(), LabelSelector.EVERYTHING);

  public PolicyScope {
    images = List.copyOf(images);
    exclude = List.copyOf(exclude);
    Objects.requireNonNull(namespaceSelector, "namespaceSelector");
  }

  /**
   * Whether the policy applies to {@code repository} in a namespace with {@code namespaceLabels}.
   *
   * @param repository the image's repository; empty when the image reference does not parse, which
   *     every scope covers (a name nobody can read could be any image: fail closed)
   * @param namespaceLabels the namespace's labels; empty when they are unknown (namespace not yet
   *     seen), which every selector covers (fail closed)
   */
  public boolean covers(
      Optional<Repository> repository, Optional<Map<String, String>> namespaceLabels) {
    if (namespaceLabels.isPresent() && !namespaceSelector.matches(namespaceLabels.get())) {
      return false;
    }
    if (repository.isEmpty()) {
      return true;
    }
    Repository repo = repository.get();
    boolean included = images.isEmpty() || images.stream().anyMatch(g -> g.matches(repo));
    return included && exclude.stream().noneMatch(g -> g.matches(repo));
  }
}
