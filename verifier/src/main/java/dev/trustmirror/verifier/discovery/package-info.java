/**
 * Finds an image's signatures in its registry: cosign's tag scheme ({@code
 * <repo>:sha256-<hex>.sig}, one simple-signing layer per signature, with its annotations) and
 * Sigstore bundles attached as OCI 1.1 referrers (artifact type {@code
 * application/vnd.dev.sigstore.bundle.v0.3+json}; the referrers API, or the referrers tag schema on
 * registries without it).
 *
 * <p>Bounded ({@link dev.trustmirror.verifier.discovery.DiscoveryLimits}: signatures, payload and
 * bundle sizes) and typed: a signature manifest, layer or bundle that cannot be used becomes a
 * {@link dev.trustmirror.verifier.discovery.DiscoveryProblem} (which the verdict lists as a
 * reason), never an exception. Only what stops the whole lookup escapes: the registry cannot be
 * reached ({@link dev.trustmirror.verifier.registry.RegistryUnavailableException}) or refuses
 * access ({@link dev.trustmirror.verifier.registry.RegistryAuthException}, {@link
 * dev.trustmirror.verifier.registry.TransportSecurityException}).
 *
 * <p>What to read is decided by pure functions over the manifests received ({@code
 * SignatureManifests}); {@link dev.trustmirror.verifier.discovery.SignatureDiscovery} does the
 * registry calls.
 */
package dev.trustmirror.verifier.discovery;
