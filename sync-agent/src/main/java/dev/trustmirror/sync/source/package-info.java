/**
 * Where a TUF repository is read from: HTTP(S) (directly or through a bastion proxy), a git clone
 * of root-signing (JGit), a directory, or an offline bundle ({@code bundle:FILE}, read safely by
 * the {@code bundles} module). Sources only move bytes and make no trust decision: the {@code tuf}
 * module verifies everything they return. Open one with {@link
 * dev.trustmirror.sync.source.RepositorySources#open}.
 */
package dev.trustmirror.sync.source;
