/**
 * policy-controller's {@code TrustRoot} resource ({@code policy.sigstore.dev/v1alpha1}, cluster
 * scoped) as a published form of a verified repository, and back.
 *
 * <p>{@link dev.trustmirror.kube.trustroot.TrustRootResources} turns a {@link
 * dev.trustmirror.tuf.VerifiedRepository} into the resource, either the {@code spec.repository}
 * form (the whole published layout as a gzip tar under {@code repository/}, which policy-controller
 * verifies with its own TUF client) or the {@code spec.sigstoreKeys} form (the keys of {@code
 * trusted_root.json}); {@link dev.trustmirror.kube.trustroot.TrustRootSerialization} writes it as
 * deterministic YAML or JSON. {@link dev.trustmirror.kube.trustroot.TrustRootReader} reads a
 * resource back, from the API or from a file, and trusts it only after the {@code tuf} module
 * verified it again. No API calls here: publishing lives with the callers. See ADR 0010.
 */
package dev.trustmirror.kube.trustroot;
