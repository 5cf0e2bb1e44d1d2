package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trustmirror.testkit.process.NginxServer;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.TestCertificates;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-mirror verify image}, the packaged jar, and how it reaches registries: Basic auth
 * from a Docker config.json, HTTPS through nginx (TLS-terminating proxy in front of
 * docker-registry) with a test CA, and each registry failure with its exit code: refusals (401,
 * 404, untrusted TLS) exit 1, unavailability (500, timeout, connection refused) exits 3, never a
 * verdict.
 */
class VerifyRegistryAccessIT {
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(41, SigstoreFixtures.DEFAULT_TIME);

  @TempDir static Path dir;

  private static Path trustedRoot;
  private static SigningKey key;
  private static Path keyFile;

  @BeforeAll
  static void keys() throws IOException {
    trustedRoot = SIGSTORE.trustedRoot().writeTo(dir.resolve("trusted_root.json"));
    key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    keyFile = Files.writeString(dir.resolve("cosign.pub"), key.publicKeyPem());
  }

  /** Pushes {@code path:v1} signed by {@link #key} through {@code writer}. */
  private static PushedImage pushSigned(RegistryWriter writer, String host, String path)
      throws IOException {
    PushedImage image = writer.pushRandomImage(path, "v1");
    VerifyImages.pushCosign(
        writer,
        path,
        image.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .keyBasedWithTlog(
                    new SignedImage(host + "/" + path, image.manifest().digest()), key)));
    return image;
  }

  private static VerifyJar verify(String reference, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "verify",
                "image",
                reference,
                "--trusted-root",
                trustedRoot.toString(),
                "--key",
                keyFile.toString()));
    all.addAll(List.of(args));
    return VerifyJar.run(all.toArray(String[]::new));
  }

  private static Path dockerConfig(String name, String host, String user, String password)
      throws IOException {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return Files.writeString(
        dir.resolve(name), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
  }

  @Test
  void readsWithBasicAuthFromADockerConfigAndRefusesWithoutOrWithWrongCredentials()
      throws IOException {
    try (DockerRegistry registry = DockerRegistry.builder().basicAuth("alice", "s3cret").start()) {
      pushSigned(registry.writer(), registry.host(), "acc/auth");
      String reference = registry.host() + "/acc/auth:v1";
      String insecure = registry.host();

      VerifyJar withConfig =
          verify(
              reference,
              "--insecure-registry",
              insecure,
              "--registry-config",
              dockerConfig("config.json", registry.host(), "alice", "s3cret").toString());
      VerifyJar anonymous = verify(reference, "--insecure-registry", insecure);
      VerifyJar wrong =
          verify(
              reference,
              "--insecure-registry",
              insecure,
              "--registry-config",
              dockerConfig("wrong.json", registry.host(), "alice", "guess").toString());

      assertThat(withConfig.exitCode()).as(withConfig.toString()).isZero();
      assertThat(withConfig.out()).startsWith("VERIFIED ");
      assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(1);
      assertThat(anonymous.out()).isEmpty();
      assertThat(anonymous.err())
          .startsWith("REFUSED by the registry (RegistryAuth): ")
          .contains("Nothing was verified");
      assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
      assertThat(wrong.err()).startsWith("REFUSED by the registry (RegistryAuth): ");
      assertThat(wrong.err()).doesNotContain("guess");
    }
  }

  @Test
  void readsThroughATlsTerminatingNginxWithTheTestCaAndRefusesAnUntrustedCertificate()
      throws IOException {
    TestCertificates ca = TestCertificates.newCa("verify-it");
    TestCertificates.write(ca.issueServer(), dir.resolve("tls.crt"), dir.resolve("tls.key"));
    Path caFile = ca.writeCa(dir.resolve("ca.pem"));
    try (DockerRegistry registry = DockerRegistry.start();
        NginxServer proxy =
            NginxServer.startTlsReverseProxy(
                registry.baseUrl(), dir.resolve("tls.crt"), dir.resolve("tls.key"))) {
      PushedImage image = pushSigned(registry.writer(), proxy.hostAndPort(), "acc/tls");
      String reference = proxy.hostAndPort() + "/acc/tls:v1";

      VerifyJar trusted = verify(reference, "--ca-file", caFile.toString());
      VerifyJar untrusted = verify(reference);

      assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
      assertThat(trusted.out())
          .startsWith("VERIFIED " + reference + "@" + image.manifest().digest());
      assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(1);
      assertThat(untrusted.err()).startsWith("REFUSED by the registry (UntrustedCertificate): ");
      // Every read went through nginx.
      assertThat(proxy.accessLogLines())
          .anySatisfy(line -> assertThat(line).contains("/v2/acc/tls/manifests/sha256-"));
    }
  }

  @Test
  void aMissingImageIsRefusedNotUnavailable() throws IOException {
    try (DockerRegistry registry = DockerRegistry.start()) {
      VerifyJar run =
          verify(
              registry.host() + "/acc/none:v1",
              "--insecure-registry",
              registry.host(),
              "-o",
              "json");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(run.out())
          .contains("\"outcome\" : \"registry-refused\"")
          .contains("\"reason\" : \"NotFound\"")
          .contains("404");
    }
  }

  @Test
  void aRegistryAnswering500IsUnavailable() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"errors\":[{\"code\":\"UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(500, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();

      VerifyJar run = verify(host + "/acc/broken:v1", "--insecure-registry", host);

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).startsWith("UNAVAILABLE: ").contains("500").contains(host);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRegistryThatDoesNotAnswerInTimeIsUnavailable() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService executor = Executors.newCachedThreadPool();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try {
            // Accepts the request, never answers (until the test ends).
            release.await(120, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();

      VerifyJar run =
          verify(host + "/acc/slow:v1", "--insecure-registry", host, "--registry-timeout", "1s");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).startsWith("UNAVAILABLE: ").contains("timeout");
    } finally {
      release.countDown();
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Test
  void aRegistryThatRefusesConnectionsIsUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String host = "127.0.0.1:" + port;

    VerifyJar run = verify(host + "/acc/down:v1", "--insecure-registry", host, "-o", "json");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.out())
        .contains("\"outcome\" : \"registry-unavailable\"")
        .contains("\"verified\" : false");
  }
}
