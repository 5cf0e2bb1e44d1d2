/**
 * The {@code ImageTrustPolicy} resource ({@code trust-mirror.dev/v1alpha1}, cluster-scoped): which
 * images ({@link dev.trustmirror.verifier.policy.ImageGlob}) in which namespaces ({@link
 * dev.trustmirror.verifier.policy.LabelSelector}) must be signed by which authorities (keys or
 * keyless identities), with which trust root, and whether a failure blocks or warns.
 *
 * <p>Pure: policies are parsed from bytes or a fabric8 resource, strictly, into values; a policy
 * that does not parse becomes an {@link dev.trustmirror.verifier.policy.InvalidPolicy} that still
 * applies (fail closed) and carries the reason for its status condition. {@link
 * dev.trustmirror.verifier.policy.PolicySet} answers which policies apply to an image in a
 * namespace. See docs/policies.md and ADR 0018.
 */
package dev.trustmirror.verifier.policy;
