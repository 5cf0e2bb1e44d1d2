/**
 * Offline verification of image signatures against a policy and a Sigstore trusted root: cosign's
 * signature layers ({@code <repo>:sha256-<hex>.sig}) and Sigstore bundles (v0.1 to v0.3),
 * key-based, keyless (Fulcio certificate, SCT, Rekor entry) and keyless without the transparency
 * log ({@code ignoreTlog}, RFC 3161 timestamps or the certificate valid now, cosign's semantics).
 *
 * <p>Pure: {@link dev.trustmirror.verifier.sigstore.SignatureVerifier} takes bytes and a {@link
 * java.time.Clock} and returns a {@link dev.trustmirror.verifier.sigstore.Verdict}; nothing here
 * does I/O. Inputs are parsed into values first ({@link
 * dev.trustmirror.verifier.sigstore.CosignSignature}, {@link
 * dev.trustmirror.verifier.sigstore.SimpleSigningPayload}, {@link
 * dev.trustmirror.verifier.sigstore.SigstoreBundle}), which refuse malformed input with a typed
 * {@link dev.trustmirror.verifier.sigstore.MalformedSignatureException}; the verifier turns such a
 * refusal into a reason of the verdict, never into an exception. See docs/verification.md and ADR
 * 0016.
 */
package dev.trustmirror.verifier.sigstore;
