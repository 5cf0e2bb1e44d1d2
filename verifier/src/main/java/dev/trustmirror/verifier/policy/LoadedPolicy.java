package dev.trustmirror.verifier.policy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * An {@code ImageTrustPolicy} resource as the webhook holds it: valid ({@link ImageTrustPolicy}),
 * or not valid ({@link InvalidPolicy}), which is never ignored: it denies (or warns about, when its
 * failure policy reads Warn) every image of its scope, naming the reason.
 */
public sealed interface LoadedPolicy permits ImageTrustPolicy, InvalidPolicy {
  /** The resource's {@code metadata.name}; {@code (unnamed)} when even that does not read. */
  String name();

  /** The resource's {@code metadata.generation}; 0 when absent. */
  long generation();

  /** The images and namespaces the policy applies to. */
  PolicyScope scope();

  /** What a failing image gets. */
  FailurePolicy failurePolicy();

  /** The {@code Ready} condition to write into the resource's status. */
  PolicyCondition condition();

  /** Loads a resource read with fabric8. Never throws on content. */
  static LoadedPolicy load(GenericKubernetesResource resource) {
    return PolicyParser.load(resource);
  }

  /** Loads a resource from its JSON bytes. Never throws on content. */
  static LoadedPolicy load(byte[] json) {
    return PolicyParser.load(json);
  }
}
