package dev.trustmirror.kube.publish;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens a fabric8 client: from a kubeconfig file when one is given, else by fabric8's discovery
 * (the pod's service account in a cluster, then {@code $KUBECONFIG}, then {@code ~/.kube/config}).
 * Requests time out and are retried a few times, so that an unreachable API server is reported
 * within seconds, not minutes.
 */
public final class ApiServerConnection {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int REQUEST_TIMEOUT_MILLIS = 30_000;
  private static final int RETRIES = 2;

  private ApiServerConnection() {}

  /**
   * A client; close it when done.
   *
   * @param kubeconfig a kubeconfig file (its current context), or empty for discovery
   * @throws IOException when the file cannot be read or is not a kubeconfig
   */
  public static KubernetesClient open(Optional<Path> kubeconfig) throws IOException {
    Config config;
    if (kubeconfig.isPresent()) {
      Path file = kubeconfig.get();
      if (!Files.isRegularFile(file)) {
        throw new IOException("Tried to read the kubeconfig " + file + " but it is not a file");
      }
      try {
        config = Config.fromKubeconfig(file.toFile());
      } catch (RuntimeException e) {
        // fabric8 lets the YAML parser's own exceptions through
        throw new IOException(
            "Tried to read the kubeconfig " + file + " but failed because " + e.getMessage(), e);
      }
    } else {
      config = Config.autoConfigure(null);
    }
    Config bounded =
        new ConfigBuilder(config)
            .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
            .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
            .withRequestRetryBackoffLimit(RETRIES)
            .build();
    return new KubernetesClientBuilder().withConfig(bounded).build();
  }
}
