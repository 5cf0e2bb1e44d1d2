package dev.trustmirror.tuf;

import java.util.Optional;

/**
 * What one update produced: the new trust state to persist and, unless nothing changed since the
 * trusted state, the freshly verified repository.
 *
 * @param repository the verified repository; empty when the source's timestamp is byte-identical to
 *     the trusted one (nothing new to publish)
 * @param state the trust state after the update, to be persisted before the next update
 */
public record UpdateResult(Optional<VerifiedRepository> repository, TrustState state) {

  /** True when the update verified a repository (it may still equal the published one). */
  public boolean verifiedNewMetadata() {
    return repository.isPresent();
  }
}
