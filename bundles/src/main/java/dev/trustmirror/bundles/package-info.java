/**
 * Offline bundles: a verified repository as one deterministic, optionally signed {@code .tar.gz}
 * ({@link dev.trustmirror.bundles.OfflineBundle}), its manifest ({@link
 * dev.trustmirror.bundles.BundleManifest}) and the admin's PEM keys ({@link
 * dev.trustmirror.bundles.PemKeys}). Reading is pure and in memory: bytes in, a checked bundle or a
 * typed refusal out. The format is described in docs/adr/0009-offline-bundle-format.md.
 */
package dev.trustmirror.bundles;
