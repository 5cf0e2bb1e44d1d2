/**
 * The Sigstore trusted root ({@code trusted_root.json}: Fulcio CAs, CT logs, Rekor logs, timestamp
 * authorities) that signature verification trusts, loaded from a file, from a verified TUF
 * repository, or from a published directory (verified again by the {@code tuf} module before use).
 * Each {@link dev.trustmirror.verifier.trust.TrustedRoot} carries an identity (SHA-256 of its exact
 * bytes) that keys the verdict cache, so a rotated trust root never shares verdicts with the old
 * one.
 */
package dev.trustmirror.verifier.trust;
