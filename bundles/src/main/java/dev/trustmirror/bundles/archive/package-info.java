/**
 * Archives read safely and written reproducibly: {@link
 * dev.trustmirror.bundles.archive.SafeTarGzReader} reads a tar.gz into memory under {@link
 * dev.trustmirror.bundles.archive.ArchiveLimits}, refusing anything but plain files at safe
 * relative paths ({@link dev.trustmirror.bundles.archive.ArchiveRefusedException}); {@link
 * dev.trustmirror.bundles.archive.DeterministicTarGzWriter} writes the same bytes for the same
 * files. Used by offline bundles, and meant for the {@code mirrorFS} of a {@code TrustRoot} too.
 */
package dev.trustmirror.bundles.archive;
