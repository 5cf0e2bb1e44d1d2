package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.TestCertificates;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS to a real docker-registry whose certificate comes from a test CA. */
class RegistryTlsIT {
  private static DockerRegistry registry;
  private static PushedImage image;
  private static ImageReference ref;

  @BeforeAll
  static void start() throws Exception {
    registry = DockerRegistry.builder().tls().basicAuth("alice", "s3cret").start();
    image = registry.writer().pushRandomImage("secure/app", "v1");
    ref = ImageReference.parse(registry.host() + "/secure/app:v1");
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static RegistryClientOptions.Builder options() {
    return RegistryClientOptions.builder()
        .credentials(
            RegistryCredentials.of(Map.of(registry.host(), new Credentials("alice", "s3cret"))));
  }

  @Test
  void readsOverHttpsWithTheExtraCa() throws Exception {
    RegistryClient client =
        RegistryClient.create(options().caFile(registry.caFile().orElseThrow()).build());
    assertThat(client.resolve(ref)).hasToString(image.manifest().digest());
    assertThat(client.blob(ref.repository(), Digest.parse(image.layer().digest()), 4096))
        .isEqualTo(image.layer().bytes());
  }

  @Test
  void refusesTheCertificateWithoutTheExtraCa() throws Exception {
    RegistryClient client = RegistryClient.create(options().build());
    assertThatThrownBy(() -> client.resolve(ref))
        .isInstanceOfSatisfying(
            TransportSecurityException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(TransportSecurityException.Rule.UNTRUSTED_CERTIFICATE);
              assertThat(e.host()).isEqualTo(registry.host());
            });
  }

  @Test
  void refusesTheCertificateWithAnotherCa(@TempDir Path dir) throws Exception {
    Path otherCa = TestCertificates.newCa("other").writeCa(dir.resolve("other.pem"));
    RegistryClient client = RegistryClient.create(options().caFile(otherCa).build());
    assertThatThrownBy(() -> client.resolve(ref))
        .isInstanceOfSatisfying(
            TransportSecurityException.class,
            e ->
                assertThat(e.rule())
                    .isEqualTo(TransportSecurityException.Rule.UNTRUSTED_CERTIFICATE));
  }

  @Test
  void listingAnHttpsRegistryAsInsecureSpeaksPlainHttpAndFails() throws Exception {
    RegistryClient client =
        RegistryClient.create(options().insecureRegistries(Set.of(registry.host())).build());
    // Go answers 400 "Client sent an HTTP request to an HTTPS server": a protocol error, not a
    // silent downgrade and not an outage.
    assertThatThrownBy(() -> client.resolve(ref))
        .isInstanceOfSatisfying(
            UnexpectedResponseException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
