package dev.trustmirror.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The testkit's docker-registry helper, its auth modes and the writer, seen from the outside. */
class DockerRegistryIT {
  private static HttpResponse<String> get(
      URI uri, Optional<String> authorization, HttpClient client) throws Exception {
    // docker-registry 2.8 answers 404 for an OCI manifest unless Accept lists the OCI type.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .header("Accept", RegistryWriter.OCI_MANIFEST + ", " + RegistryWriter.OCI_INDEX);
    authorization.ifPresent(value -> request.header("Authorization", value));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void servesPushedImagesAndDeletesItsDirectoryOnClose() throws Exception {
    Path storage;
    try (DockerRegistry registry = DockerRegistry.start()) {
      storage = registry.storage();
      RegistryWriter.PushedImage image = registry.writer().pushRandomImage("team/app", "v1");
      HttpResponse<String> manifest =
          get(
              registry.baseUrl().resolve("/v2/team/app/manifests/v1"),
              Optional.empty(),
              HttpClient.newHttpClient());
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
          .contains(image.manifest().digest());
      assertThat(manifest.body().getBytes(StandardCharsets.UTF_8))
          .isEqualTo(image.manifest().bytes());
      assertThat(registry.writer().manifest("team/app", "absent")).isEmpty();
      assertThat(Files.isDirectory(storage)).isTrue();
    }
    assertThat(Files.exists(storage)).isFalse();
  }

  @Test
  void htpasswdModeRefusesWrongPasswordsAndTlsModeUsesTheTestCa() throws Exception {
    try (DockerRegistry registry =
        DockerRegistry.builder().tls().basicAuth("alice", "s3cret").start()) {
      assertThat(registry.baseUrl().getScheme()).isEqualTo("https");
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(registry.ca().orElseThrow().trustingSslContext())
              .build();
      URI v2 = registry.baseUrl().resolve("/v2/");
      assertThat(get(v2, Optional.empty(), client).statusCode()).isEqualTo(401);
      assertThat(get(v2, Optional.of(basic("alice", "wrong")), client).statusCode()).isEqualTo(401);
      assertThat(get(v2, Optional.of(basic("alice", "s3cret")), client).statusCode())
          .isEqualTo(200);
      registry.writer().pushRandomImage("private/app", "v1");
    }
  }

  @Test
  void tokenModeAcceptsTheTokenServersJwts() throws Exception {
    try (TokenServer tokens = TokenServer.start(Map.of("bob", "hunter2"), Duration.ofMinutes(5));
        DockerRegistry registry = DockerRegistry.builder().tokenAuth(tokens).start()) {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> challenge =
          get(registry.baseUrl().resolve("/v2/"), Optional.empty(), client);
      assertThat(challenge.statusCode()).isEqualTo(401);
      assertThat(challenge.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(
              h -> assertThat(h).startsWith("Bearer realm=\"" + tokens.realm() + "\""));

      RegistryWriter.PushedIndex index = registry.writer().pushMultiArchIndex("tokened/app", "v1");
      assertThat(index.images()).hasSize(2);
      assertThat(tokens.tokensIssued()).isPositive();

      URI token =
          URI.create(
              tokens.realm()
                  + "?service="
                  + TokenServer.SERVICE
                  + "&scope=repository:tokened/app:pull");
      assertThat(get(token, Optional.of(basic("bob", "nope")), client).statusCode()).isEqualTo(401);
      String jwt =
          get(token, Optional.of(basic("bob", "hunter2")), client)
              .body()
              .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
      HttpResponse<String> manifest =
          get(
              registry.baseUrl().resolve("/v2/tokened/app/manifests/v1"),
              Optional.of("Bearer " + jwt),
              client);
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(
              get(
                      registry.baseUrl().resolve("/v2/tokened/app/manifests/v1"),
                      Optional.of("Bearer " + jwt + "x"),
                      client)
                  .statusCode())
          .isEqualTo(401);
    }
  }
}
