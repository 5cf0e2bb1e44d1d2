/**
 * A small OCI distribution client for the offline verifier: value types for image references and
 * digests, the manifest and index model, and {@link
 * dev.trustmirror.verifier.registry.RegistryClient} (tag resolution, manifests, blobs, referrers,
 * cosign's signature tags) with anonymous, Basic and Bearer-token authentication. Every byte read
 * is bounded and checked against its digest; transport failures ({@link
 * dev.trustmirror.verifier.registry.RegistryUnavailableException}) are kept apart from refusals
 * ({@link dev.trustmirror.verifier.registry.RegistryRefusalException}).
 *
 * <p>Design: each registry call is a small immutable description with a pure response handler
 * ({@code RegistryCall}); one class ({@code RegistryTransport}) does the I/O, authentication,
 * redirects and retries (ADR 0012).
 */
package dev.trustmirror.verifier.registry;
