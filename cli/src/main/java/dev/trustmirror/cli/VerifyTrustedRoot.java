package dev.trustmirror.cli;

import dev.trustmirror.kube.publish.ApiServerConnection;
import dev.trustmirror.kube.publish.TrustRootApi;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.verifier.trust.TrustedRoot;
import dev.trustmirror.verifier.trust.TrustedRootLoader;
import dev.trustmirror.verifier.trust.TrustedRootRefusedException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where {@code verify} takes the Sigstore trusted root from: exactly one of a file ({@code
 * --trusted-root}), a directory published by {@code sync} ({@code --repo}, verified again with the
 * TUF client), or a {@code TrustRoot} resource of the cluster ({@code --trustroot}, verified with
 * the TUF client by the kube module's reader).
 */
final class VerifyTrustedRoot {
  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "A Sigstore trusted_root.json (its authenticity is your choice of file).")
  Path file;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "Output directory of 'sync': trusted_root.json of its current generation.")
  Path repo;

  @Option(
      names = "--trustroot",
      paramLabel = "NAME",
      description =
          "The TrustRoot resource NAME of the cluster: trusted_root.json of its repository"
              + " (see --kubeconfig, --root).")
  String trustRoot;

  /** Why the trusted root could not be had: a refusal (exit 1) or an I/O failure (exit 3). */
  static final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean refused;

    LoadException(boolean refused, String message, Throwable cause) {
      super(message, cause);
      this.refused = refused;
    }

    int exitCode() {
      return refused ? ExitCodes.REFUSED : ExitCodes.IO;
    }

    String label() {
      return refused ? "REFUSED" : "FAILED";
    }
  }

  /**
   * Loads the trusted root.
   *
   * @param kubeconfig with {@code --trustroot}: the cluster's kubeconfig, else the default
   * @param pinnedRoot with {@code --trustroot}: verify from this root instead of the resource's
   */
  TrustedRoot load(Optional<Path> kubeconfig, Optional<Path> pinnedRoot, Clock clock)
      throws LoadException {
    try {
      if (file != null) {
        return TrustedRootLoader.fromFile(file);
      }
      if (repo != null) {
        return TrustedRootLoader.fromPublishedDirectory(repo);
      }
      return fromCluster(kubeconfig, pinnedRoot, clock);
    } catch (TrustedRootRefusedException | TufRefusalException e) {
      throw new LoadException(true, e.getMessage(), e);
    } catch (NoSuchFileException | AccessDeniedException e) {
      throw new LoadException(
          false, VerifyKeys.unreadable(Path.of(e.getFile()), e).getMessage(), e);
    } catch (IOException e) {
      throw new LoadException(false, String.valueOf(e.getMessage()), e);
    }
  }

  private TrustedRoot fromCluster(Optional<Path> kubeconfig, Optional<Path> pinnedRoot, Clock clock)
      throws IOException, TufRefusalException, TrustedRootRefusedException {
    TrustAnchor anchor =
        pinnedRoot.isPresent()
            ? TrustAnchor.pinnedRoot(Files.readAllBytes(pinnedRoot.get()))
            : TrustAnchor.resourceRoot();
    GenericKubernetesResource resource;
    try (KubernetesClient client = ApiServerConnection.open(kubeconfig)) {
      TrustRootApi api = new TrustRootApi(client);
      resource =
          api.find(trustRoot)
              .orElseThrow(
                  () ->
                      new IOException(
                          "There is no TrustRoot " + trustRoot + " on " + api.server()));
    }
    VerifiedTrustRoot verified = TrustRootReader.create(clock).read(resource, anchor);
    return TrustedRootLoader.fromRepository(verified.repository());
  }
}
