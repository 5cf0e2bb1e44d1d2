package dev.trustmirror.verifier.webhook;

import dev.trustmirror.verifier.admission.PullAuth;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import java.io.IOException;
import java.util.Optional;

/**
 * The registry credentials of a workload, as the kubelet would find them: the {@code
 * kubernetes.io/dockerconfigjson} (and legacy {@code kubernetes.io/dockercfg}) Secrets named by the
 * pod's {@code imagePullSecrets} and by its service account's, in the workload's namespace, merged
 * in that order (the first Secret naming a registry wins). The cluster side implements it.
 */
@FunctionalInterface
public interface PullCredentials {
  /**
   * The credentials for {@code auth}; {@link RegistryCredentials#none()} when there are none. A
   * named Secret that does not exist or does not parse is skipped, as the kubelet skips it.
   *
   * @throws IOException when the API server cannot be read
   */
  RegistryCredentials find(PullAuth auth) throws IOException;

  /**
   * What {@link #find} would answer for {@code auth}, when it is held in memory; empty when finding
   * it needs a call to the API server. Never blocks, never throws.
   */
  default Optional<RegistryCredentials> known(PullAuth auth) {
    return Optional.empty();
  }

  /** No pull secrets at all: every registry is read anonymously. */
  static PullCredentials anonymous() {
    return new PullCredentials() {
      @Override
      public RegistryCredentials find(PullAuth auth) {
        return RegistryCredentials.none();
      }

      @Override
      public Optional<RegistryCredentials> known(PullAuth auth) {
        return Optional.of(RegistryCredentials.none());
      }
    };
  }
}
