package dev.trustmirror.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

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
