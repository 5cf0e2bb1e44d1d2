package dev.trustmirror.kube.trustroot;

import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.VerifiedRepository;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code TrustRoot} resource whose {@code mirrorFS} passed the full TUF verification.
 *
 * @param name the resource's {@code metadata.name}
 * @param resourceVersion the resource's {@code metadata.resourceVersion}, when it came from the API
 * @param repository the verified repository: every file of {@code mirrorFS} that the TUF client
 *     used, byte for byte
 * @param state the trust state after the verification: pass it as {@link TrustAnchor#previousState}
 *     when reading the next version of the resource (anti-rollback)
 */
public record VerifiedTrustRoot(
    String name,
    Optional<String> resourceVersion,
    VerifiedRepository repository,
    TrustState state) {

  public VerifiedTrustRoot {
    Objects.requireNonNull(name);
    Objects.requireNonNull(resourceVersion);
    Objects.requireNonNull(repository);
    Objects.requireNonNull(state);
  }
}
