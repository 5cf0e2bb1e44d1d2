package dev.trustmirror.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.registry.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxServerIT {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void servesFilesButNeitherDirectoriesNorListings(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("timestamp.json"), "{}");
    Files.createDirectories(root.resolve("targets"));
    try (NginxServer nginx = NginxServer.start(root)) {
      assertThat(nginx.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + nginx.port() + "/");
      HttpResponse<String> file = get(nginx.baseUrl().resolve("timestamp.json"));
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.body()).isEqualTo("{}");
      assertThat(file.headers().firstValue("content-type")).contains("application/json");
      assertThat(get(nginx.baseUrl().resolve("targets")).statusCode()).isEqualTo(404);
      assertThat(get(nginx.baseUrl().resolve("targets/")).statusCode()).isEqualTo(404);
      assertThat(get(nginx.baseUrl()).statusCode()).isEqualTo(404);
      assertThat(get(nginx.baseUrl().resolve("missing.json")).statusCode()).isEqualTo(404);
      assertThat(nginx.accessLogLines()).hasSize(5);
    }
  }

  @Test
  void reverseProxyForwardsToTheUpstream(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("1.root.json"), "root");
    try (NginxServer origin = NginxServer.start(root);
        NginxServer bastion = NginxServer.startReverseProxy(origin.baseUrl())) {
      HttpResponse<String> response = get(bastion.baseUrl().resolve("1.root.json"));
      assertThat(response.body()).isEqualTo("root");
      assertThat(response.headers().firstValue("x-bastion")).isPresent();
      assertThat(get(bastion.baseUrl().resolve("2.root.json")).statusCode()).isEqualTo(404);
      assertThat(origin.accessLogLines()).hasSize(2);
    }
  }

  @Test
  void tlsReverseProxyTerminatesTlsAndPassesTheUriUnchanged(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("sha256:abc"), "manifest");
    TestCertificates ca = TestCertificates.newCa("nginx");
    TestCertificates.write(ca.issueServer(), root.resolve("tls.crt"), root.resolve("tls.key"));
    try (NginxServer origin = NginxServer.start(root);
        NginxServer proxy =
            NginxServer.startTlsReverseProxy(
                origin.baseUrl(), root.resolve("tls.crt"), root.resolve("tls.key"))) {
      assertThat(proxy.baseUrl().toString())
          .isEqualTo("https://" + proxy.hostAndPort() + "/")
          .isEqualTo("https://127.0.0.1:" + proxy.port() + "/");
      HttpClient trusting = HttpClient.newBuilder().sslContext(ca.trustingSslContext()).build();
      HttpResponse<String> response =
          trusting.send(
              HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "sha256:abc?x=a%2Fb")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("manifest");
      assertThat(origin.accessLogLines())
          .singleElement()
          .asString()
          .contains("GET /sha256:abc?x=a%2Fb HTTP/1.1");
      // The JDK's default trust does not know the test CA.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(proxy.baseUrl()))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void closeStopsTheServer(@TempDir Path root) throws Exception {
    NginxServer nginx = NginxServer.start(root);
    URI base = nginx.baseUrl();
    nginx.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(base))
        .isInstanceOf(IOException.class);
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
