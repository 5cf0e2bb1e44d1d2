/**
 * Real, signed TUF 1.0 repositories with our own keys, for tests of TUF clients and mirrors.
 *
 * <p>{@link dev.trustmirror.testkit.tuf.RepoBuilder} makes a Sigstore-shaped repository (root,
 * timestamp, snapshot, targets and one delegated role, consistent snapshots) and evolves it: root
 * and online key rotations, target changes, version bumps, chosen expiries. It writes the published
 * CDN layout or the tuf-on-ci git layout. {@link dev.trustmirror.testkit.tuf.MetadataAttacks} and
 * {@link dev.trustmirror.testkit.tuf.FileAttacks} derive {@link
 * dev.trustmirror.testkit.tuf.RepoScenario}s that a correct client must refuse (or, for the real
 * signature quirks, accept); {@link dev.trustmirror.testkit.tuf.Tamper} edits files by hand.
 * Signatures are over {@link dev.trustmirror.testkit.tuf.CanonicalJson}, OLPC canonical JSON as
 * securesystemslib writes it.
 *
 * <p>Independent of the project's {@code tuf} module, so that tests of that client are not
 * circular. Uses only the JDK and Jackson.
 */
package dev.trustmirror.testkit.tuf;
