package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.TokenServer;
import dev.trustmirror.testkit.time.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic and bearer-token authentication against a real docker-registry. */
class RegistryAuthIT {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private Path dockerConfig(String registry, String user, String password) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return Files.writeString(
        dir.resolve("config-" + user + "-" + password.length() + ".json"),
        "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
  }

  private static RegistryClient client(
      RegistryCredentials credentials, Set<String> insecure, MovableClock clock) throws Exception {
    return RegistryClient.create(
        RegistryClientOptions.builder()
            .credentials(credentials)
            .insecureRegistries(insecure)
            .clock(clock)
            .build());
  }

  @Test
  void basicAuthWithRightWrongAndMissingCredentialsFromAConfigJson() throws Exception {
    try (DockerRegistry registry = DockerRegistry.builder().basicAuth("alice", "s3cret").start()) {
      PushedImage image = registry.writer().pushRandomImage("private/app", "v1");
      ImageReference ref = ImageReference.parse(registry.host() + "/private/app:v1");
      Set<String> insecure = Set.of(registry.host());
      MovableClock clock = new MovableClock(NOW);

      RegistryCredentials right =
          RegistryCredentials.readDockerConfig(dockerConfig(registry.host(), "alice", "s3cret"));
      RegistryClient authorized = client(right, insecure, clock);
      assertThat(authorized.resolve(ref)).hasToString(image.manifest().digest());
      assertThat(authorized.blob(ref.repository(), Digest.parse(image.layer().digest()), 4096))
          .isEqualTo(image.layer().bytes());

      RegistryCredentials wrong =
          RegistryCredentials.readDockerConfig(dockerConfig(registry.host(), "alice", "wrong"));
      assertThatThrownBy(() -> client(wrong, insecure, clock).resolve(ref))
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> {
                assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REJECTED);
                assertThat(e.registry()).isEqualTo(registry.host());
                assertThat(e.getMessage()).doesNotContain("wrong");
              });

      assertThatThrownBy(() -> client(RegistryCredentials.none(), insecure, clock).resolve(ref))
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REQUIRED));

      // Credentials for another registry are not sent here.
      RegistryCredentials elsewhere =
          RegistryCredentials.readDockerConfig(dockerConfig("127.0.0.1:1", "alice", "s3cret"));
      assertThatThrownBy(() -> client(elsewhere, insecure, clock).resolve(ref))
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REQUIRED));
    }
  }

  @Test
  void bearerTokenFlowCachesTheTokenUntilItExpires() throws Exception {
    try (TokenServer tokens = TokenServer.start(Map.of("bob", "hunter2"), Duration.ofSeconds(300));
        DockerRegistry registry = DockerRegistry.builder().tokenAuth(tokens).start()) {
      PushedImage image = registry.writer().pushRandomImage("tokened/app", "v1");
      ImageReference ref = ImageReference.parse(registry.host() + "/tokened/app:v1");
      // The realm is plain HTTP on 127.0.0.1: it must be listed too.
      Set<String> insecure = Set.of(registry.host(), tokens.hostAndPort());
      MovableClock clock = new MovableClock(NOW);
      RegistryClient client =
          client(
              RegistryCredentials.readDockerConfig(dockerConfig(registry.host(), "bob", "hunter2")),
              insecure,
              clock);

      int before = tokens.tokensIssued();
      assertThat(client.resolve(ref)).hasToString(image.manifest().digest());
      assertThat(client.manifest(ref.repository(), Digest.parse(image.manifest().digest())).bytes())
          .isEqualTo(image.manifest().bytes());
      assertThat(client.blob(ref.repository(), Digest.parse(image.config().digest()), 4096))
          .isEqualTo(image.config().bytes());
      assertThat(tokens.tokensIssued() - before).as("one token for three calls").isEqualTo(1);

      clock.advance(Duration.ofSeconds(301));
      assertThat(client.resolve(ref)).hasToString(image.manifest().digest());
      assertThat(tokens.tokensIssued() - before).as("a new token once expired").isEqualTo(2);
    }
  }

  @Test
  void bearerTokenFlowWithWrongOrMissingCredentials() throws Exception {
    try (TokenServer tokens = TokenServer.start(Map.of("bob", "hunter2"), Duration.ofSeconds(300));
        DockerRegistry registry = DockerRegistry.builder().tokenAuth(tokens).start()) {
      registry.writer().pushRandomImage("tokened/app", "v1");
      ImageReference ref = ImageReference.parse(registry.host() + "/tokened/app:v1");
      Set<String> insecure = Set.of(registry.host(), tokens.hostAndPort());
      MovableClock clock = new MovableClock(NOW);

      RegistryCredentials wrong =
          RegistryCredentials.readDockerConfig(dockerConfig(registry.host(), "bob", "guess"));
      assertThatThrownBy(() -> client(wrong, insecure, clock).resolve(ref))
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> {
                assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REJECTED);
                assertThat(e.location()).startsWith(tokens.realm().toString());
              });
      assertThatThrownBy(() -> client(RegistryCredentials.none(), insecure, clock).resolve(ref))
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REQUIRED));

      // The realm is plain HTTP: without listing the token service, credentials are not sent.
      int refusedBefore = tokens.requestsRefused() + tokens.tokensIssued();
      RegistryCredentials right =
          RegistryCredentials.readDockerConfig(dockerConfig(registry.host(), "bob", "hunter2"));
      assertThatThrownBy(() -> client(right, Set.of(registry.host()), clock).resolve(ref))
          .isInstanceOfSatisfying(
              TransportSecurityException.class,
              e -> {
                assertThat(e.rule())
                    .isEqualTo(TransportSecurityException.Rule.PLAIN_HTTP_NOT_ALLOWED);
                assertThat(e.host()).isEqualTo(tokens.hostAndPort());
              });
      assertThat(tokens.requestsRefused() + tokens.tokensIssued()).isEqualTo(refusedBefore);
    }
  }
}
