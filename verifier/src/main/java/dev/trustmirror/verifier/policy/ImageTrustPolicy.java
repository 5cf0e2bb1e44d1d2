package dev.trustmirror.verifier.policy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid {@code ImageTrustPolicy} ({@code trust-mirror.dev/v1alpha1}, cluster-scoped): the images
 * it applies to, the authorities any one of which must have signed them, the trust root to verify
 * with, and what happens to an image that does not pass. Made by {@link #parse} or {@link
 * LoadedPolicy#load}, which check every rule of the CRD and compile every glob, key and regular
 * expression.
 *
 * @param name {@code metadata.name}
 * @param generation {@code metadata.generation} (0 when absent)
 * @param scope {@code spec.images}, {@code spec.exclude} and {@code spec.namespaceSelector}
 * @param authorities {@code spec.authorities}, at least one
 * @param trustRootRef {@code spec.trustRootRef}: the TrustRoot to verify with; empty for the
 *     webhook's default trust root
 * @param ignoreTlog {@code spec.ignoreTlog}
 * @param failurePolicy {@code spec.failurePolicy}
 */
public record ImageTrustPolicy(
    String name,
    long generation,
    PolicyScope scope,
    List<Authority> authorities,
    Optional<String> trustRootRef,
    boolean ignoreTlog,
    FailurePolicy failurePolicy)
    implements LoadedPolicy {

  /** The API group and version of the resource. */
  public static final String API_VERSION = "trust-mirror.dev/v1alpha1";

  /** The resource's kind. */
  public static final String KIND = "ImageTrustPolicy";

  public ImageTrustPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    authorities = List.copyOf(authorities);
    Objects.requireNonNull(trustRootRef, "trustRootRef");
    Objects.requireNonNull(failurePolicy, "failurePolicy");
    if (authorities.isEmpty()) {
      throw new IllegalArgumentException("A policy needs at least one authority");
    }
    if (scope.images().isEmpty()) {
      throw new IllegalArgumentException("A valid policy names its images");
    }
  }

  /**
   * Parses a resource from its JSON bytes, strictly.
   *
   * @throws InvalidImageTrustPolicyException naming the rule and the field
   */
  public static ImageTrustPolicy parse(byte[] json) throws InvalidImageTrustPolicyException {
    return PolicyParser.parse(json);
  }

  /**
   * Parses a resource read with fabric8, strictly.
   *
   * @throws InvalidImageTrustPolicyException naming the rule and the field
   */
  public static ImageTrustPolicy parse(GenericKubernetesResource resource)
      throws InvalidImageTrustPolicyException {
    return PolicyParser.parse(PolicyParser.toJson(resource));
  }

  /** {@code spec.images}. */
  public List<ImageGlob> images() {
    return scope.images();
  }

  /** {@code spec.exclude}. */
  public List<ImageGlob> exclude() {
    return scope.exclude();
  }

  /** {@code spec.namespaceSelector}; {@link LabelSelector#EVERYTHING} when absent. */
  public LabelSelector namespaceSelector() {
    return scope.namespaceSelector();
  }

  @Override
  public PolicyCondition condition() {
    return PolicyCondition.loaded(this);
  }
}
