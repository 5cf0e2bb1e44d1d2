package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures talking to the API server are clear and typed, never a refusal. */
@EnableKubernetesMockClient(crud = true, https = false)
class TrustRootApiIT {
  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path tmp;

  @Test
  void anApiServerWithoutTheTrustRootCrdIsReportedAsSuch() {
    assertThatThrownBy(() -> new TrustRootApi(client).find("sigstore"))
        .isInstanceOfSatisfying(
            KubernetesApiException.class,
            e -> {
              assertThat(e.operation()).startsWith("read TrustRoot sigstore from ");
              assertThat(e.code()).isEmpty();
              assertThat(e.getMessage()).contains("install policy-controller's TrustRoot");
            });
  }

  @Test
  void anUnreachableApiServerIsAnIoFailureWithoutCode() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Path kubeconfig = kubeconfig("http://127.0.0.1:" + port);
    try (KubernetesClient c = ApiServerConnection.open(Optional.of(kubeconfig))) {
      assertThatThrownBy(() -> new TrustRootApi(c).find("sigstore"))
          .isInstanceOfSatisfying(
              KubernetesApiException.class,
              e -> {
                assertThat(e.code()).isEmpty();
                assertThat(e.getMessage())
                    .contains("could not be reached")
                    .doesNotContain("install policy-controller");
              });
    }
  }

  @Test
  void aKubeconfigFileReachesTheServerItNames() throws Exception {
    TrustRootCrd.register(server);
    Path kubeconfig = kubeconfig(client.getConfiguration().getMasterUrl());
    try (KubernetesClient c = ApiServerConnection.open(Optional.of(kubeconfig))) {
      assertThat(new TrustRootApi(c).find("sigstore")).isEmpty();
    }
  }

  @Test
  void aMissingOrBrokenKubeconfigIsAnIoFailure() throws Exception {
    assertThatThrownBy(() -> ApiServerConnection.open(Optional.of(tmp.resolve("absent"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a file");
    Path garbage = Files.writeString(tmp.resolve("garbage"), "clusters: [: not yaml");
    assertThatThrownBy(() -> ApiServerConnection.open(Optional.of(garbage)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Tried to read the kubeconfig");
  }

  private Path kubeconfig(String server) throws IOException {
    return Files.writeString(
        tmp.resolve("kubeconfig-" + server.hashCode()),
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: test",
            "  cluster:",
            "    server: " + server,
            "contexts:",
            "- name: test",
            "  context:",
            "    cluster: test",
            "    user: test",
            "current-context: test",
            "users:",
            "- name: test",
            "  user:",
            "    token: not-a-secret",
            ""));
  }
}
