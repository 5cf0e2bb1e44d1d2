package dev.trustmirror.verifier.registry;

import static dev.trustmirror.verifier.registry.HostileServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.testkit.time.MovableClock;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry client against a registry that misbehaves on purpose (JDK HttpServer on 127.0.0.1):
 * every lie and every failure must end in the right typed exception, and transport failures must
 * never look like refusals.
 */
class HostileRegistryIT {
  private static final long LIMIT = 64 * 1024;
  private static final String OCI = MediaTypes.OCI_MANIFEST;
  private static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\""
              + OCI
              + "\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\"sha256:"
              + "1".repeat(64)
              + "\",\"size\":2},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(MANIFEST);
  private static final Digest OTHER = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));

  private HostileServer server;
  private HostileServer storage;
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    server = new HostileServer();
    storage = new HostileServer();
  }

  @AfterEach
  void stop() {
    server.close();
    storage.close();
  }

  private RegistryClientOptions.Builder options() {
    return RegistryClientOptions.builder()
        .insecureRegistries(Set.of(server.host(), storage.host()))
        // generous: CI machines are busy; the timeout tests use their own short timeouts
        .readTimeout(Duration.ofSeconds(10))
        .requestTimeout(Duration.ofSeconds(30))
        .retries(2)
        .sleeper(pauses::add)
        .maxManifestBytes(LIMIT)
        .clock(clock);
  }

  private RegistryClient client() throws Exception {
    return RegistryClient.create(options().build());
  }

  private RegistryClient impatientClient() throws Exception {
    return RegistryClient.create(options().readTimeout(Duration.ofMillis(500)).build());
  }

  private RegistryClient client(String user, String password) throws Exception {
    return RegistryClient.create(
        options()
            .credentials(
                RegistryCredentials.of(Map.of(server.host(), new Credentials(user, password))))
            .build());
  }

  private Repository repo() throws Exception {
    return ImageReference.parse(server.host() + "/app").repository();
  }

  private ImageReference ref(String suffix) throws Exception {
    return ImageReference.parse(server.host() + "/app" + suffix);
  }

  private static Map<String, String> manifestHeaders(Digest header) {
    return Map.of("Content-Type", OCI, "Docker-Content-Digest", header.toString());
  }

  // --- digests -------------------------------------------------------------------------------

  @Test
  void refusesAWrongDockerContentDigestOnAManifestReadByDigest() throws Exception {
    server.on("GET", "/v2/app/manifests/" + DIGEST, answer(200, manifestHeaders(OTHER), MANIFEST));
    assertThatThrownBy(() -> client().manifest(repo(), DIGEST))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> {
              assertThat(e.source()).isEqualTo(DigestMismatchException.Source.HEADER);
              assertThat(e.expected()).isEqualTo(DIGEST);
              assertThat(e.found()).isEqualTo(OTHER);
            });
  }

  @Test
  void refusesAWrongDockerContentDigestOnAHeadByDigest() throws Exception {
    server.on("HEAD", "/v2/app/manifests/" + DIGEST, answer(200, manifestHeaders(OTHER), MANIFEST));
    assertThatThrownBy(() -> client().resolve(ref("@" + DIGEST)))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> assertThat(e.source()).isEqualTo(DigestMismatchException.Source.HEADER));
  }

  @Test
  void refusesABodyThatDoesNotMatchTheDigestAskedFor() throws Exception {
    byte[] swapped = Arrays.copyOf(MANIFEST, MANIFEST.length);
    swapped[swapped.length - 3] = ' ';
    server.on(
        "GET", "/v2/app/manifests/" + DIGEST, answer(200, Map.of("Content-Type", OCI), swapped));
    assertThatThrownBy(() -> client().manifest(repo(), DIGEST))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> {
              assertThat(e.source()).isEqualTo(DigestMismatchException.Source.CONTENT);
              assertThat(e.expected()).isEqualTo(DIGEST);
              assertThat(e.found()).isEqualTo(Digest.sha256(swapped));
            });
  }

  @Test
  void refusesATagWhoseDigestHeaderContradictsItsBody() throws Exception {
    server.on("GET", "/v2/app/manifests/v1", answer(200, manifestHeaders(OTHER), MANIFEST));
    assertThatThrownBy(() -> client().tagManifest(repo(), Tag.parse("v1")))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> {
              assertThat(e.source()).isEqualTo(DigestMismatchException.Source.HEADER);
              assertThat(e.expected()).isEqualTo(DIGEST);
              assertThat(e.found()).isEqualTo(OTHER);
            });
  }

  @Test
  void refusesADigestHeaderThatIsNotADigest() throws Exception {
    server.onGetAndHead(
        "/v2/app/manifests/v1",
        answer(
            200, Map.of("Content-Type", OCI, "Docker-Content-Digest", "sha256:nothex"), MANIFEST));
    assertThatThrownBy(() -> client().resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            MalformedManifestException.class,
            e -> assertThat(e.rule()).isEqualTo(MalformedManifestException.Rule.BAD_DIGEST_HEADER));
  }

  @Test
  void resolvesByHashingTheBodyWhenHeadHasNoDigestHeader() throws Exception {
    server.onGetAndHead("/v2/app/manifests/v1", answer(200, Map.of("Content-Type", OCI), MANIFEST));
    assertThat(client().resolve(ref(":v1"))).isEqualTo(DIGEST);
    assertThat(server.requests("HEAD", "/v2/app/manifests/v1")).hasSize(1);
    assertThat(server.requests("GET", "/v2/app/manifests/v1"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.header("Accept"))
                    .hasValueSatisfying(
                        a ->
                            assertThat(a)
                                .contains(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST)));
  }

  @Test
  void refusesMalformedJsonEvenWithTheRightDigest() throws Exception {
    byte[] garbage = "{\"schemaVersion\":2,".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(garbage);
    server.on(
        "GET", "/v2/app/manifests/" + digest, answer(200, Map.of("Content-Type", OCI), garbage));
    assertThatThrownBy(() -> client().manifest(repo(), digest))
        .isInstanceOfSatisfying(
            MalformedManifestException.class,
            e -> assertThat(e.rule()).isEqualTo(MalformedManifestException.Rule.NOT_JSON));
  }

  // --- sizes ---------------------------------------------------------------------------------

  @Test
  void refusesAManifestOverTheLimit() throws Exception {
    byte[] big = new byte[(int) LIMIT + 1];
    Arrays.fill(big, (byte) ' ');
    server.on("GET", "/v2/app/manifests/" + DIGEST, answer(200, Map.of("Content-Type", OCI), big));
    assertThatThrownBy(() -> client().manifest(repo(), DIGEST))
        .isInstanceOfSatisfying(
            ContentTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(LIMIT));
  }

  @Test
  void cutsAnEndlessManifestAtTheLimit() throws Exception {
    server.on("GET", "/v2/app/manifests/v1", HostileServer.endless(Map.of("Content-Type", OCI)));
    assertThatThrownBy(() -> client().tagManifest(repo(), Tag.parse("v1")))
        .isInstanceOfSatisfying(
            ContentTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(LIMIT));
  }

  @Test
  void refusesABlobOverTheCallersCapAndAnEndlessBlob() throws Exception {
    byte[] blob = new byte[4096];
    Digest digest = Digest.sha256(blob);
    server.on("GET", "/v2/app/blobs/" + digest, answer(200, Map.of(), blob));
    server.on("GET", "/v2/app/blobs/" + OTHER, HostileServer.endless(Map.of()));
    RegistryClient client = client();
    assertThat(client.blob(repo(), digest, 4096)).isEqualTo(blob);
    assertThatThrownBy(() -> client.blob(repo(), digest, 4095))
        .isInstanceOfSatisfying(
            ContentTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(4095));
    assertThatThrownBy(() -> client.blob(repo(), OTHER, 1024 * 1024))
        .isInstanceOf(ContentTooLargeException.class);
  }

  @Test
  void refusesABlobThatDoesNotMatchItsDigest() throws Exception {
    server.on("GET", "/v2/app/blobs/" + OTHER, answer(200, Map.of(), "not other"));
    assertThatThrownBy(() -> client().blob(repo(), OTHER, 1024))
        .isInstanceOfSatisfying(
            DigestMismatchException.class,
            e -> assertThat(e.source()).isEqualTo(DigestMismatchException.Source.CONTENT));
  }

  // --- authentication ------------------------------------------------------------------------

  @Test
  void refusesGarbageOrMissingChallenges() throws Exception {
    server.on(
        "HEAD",
        "/v2/app/manifests/v1",
        answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"unterminated"), ""));
    server.on("HEAD", "/v2/app/manifests/v2", answer(401, Map.of(), ""));
    server.on(
        "HEAD",
        "/v2/app/manifests/v3",
        answer(401, Map.of("WWW-Authenticate", "Bearer service=\"no-realm\""), ""));
    server.on(
        "HEAD",
        "/v2/app/manifests/v4",
        answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"ftp://x/token\""), ""));
    server.on(
        "HEAD", "/v2/app/manifests/v5", answer(401, Map.of("WWW-Authenticate", "Negotiate"), ""));
    RegistryClient client = client("alice", "pw");
    for (String tag : List.of("v1", "v2", "v3", "v4")) {
      assertThatThrownBy(() -> client.resolve(ref(":" + tag)))
          .as(tag)
          .isInstanceOfSatisfying(
              RegistryAuthException.class,
              e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.MALFORMED_CHALLENGE));
    }
    assertThatThrownBy(() -> client.resolve(ref(":v5")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.UNSUPPORTED_CHALLENGE));
  }

  private void bearerChallenge(String path) {
    String challenge =
        "Bearer realm=\"http://"
            + server.host()
            + "/token\",service=\"hostile\",scope=\"repository:app:pull\"";
    server.on(
        "HEAD",
        path,
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if ("Bearer good-token".equals(auth)) {
            HostileServer.send(exchange, 200, manifestHeaders(DIGEST), MANIFEST);
          } else {
            HostileServer.send(exchange, 401, Map.of("WWW-Authenticate", challenge), new byte[0]);
          }
        });
  }

  @Test
  void getsABearerTokenWithBasicCredentialsAndTheChallengedScope() throws Exception {
    bearerChallenge("/v2/app/manifests/v1");
    server.on(
        "GET",
        "/token",
        answer(200, Map.of(), "{\"access_token\":\"good-token\",\"expires_in\":60}"));
    RegistryClient client = client("alice", "pw");
    assertThat(client.resolve(ref(":v1"))).isEqualTo(DIGEST);
    assertThat(client.resolve(ref(":v1"))).isEqualTo(DIGEST);
    List<HostileServer.Request> tokenRequests =
        server.requests().stream().filter(r -> r.path().startsWith("/token")).toList();
    assertThat(tokenRequests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path())
                  .isEqualTo("/token?service=hostile&scope=repository%3Aapp%3Apull");
              assertThat(r.header("Authorization"))
                  .contains(new Credentials("alice", "pw").basicAuthorization());
            });
  }

  @Test
  void refusesTokenServiceGarbageAndRefusals() throws Exception {
    bearerChallenge("/v2/app/manifests/v1");
    server.on("GET", "/token", answer(200, Map.of(), "<html>sign in</html>"));
    assertThatThrownBy(() -> client("alice", "pw").resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e ->
                assertThat(e.rule())
                    .isEqualTo(RegistryAuthException.Rule.MALFORMED_TOKEN_RESPONSE));

    server.on("GET", "/token", answer(401, Map.of(), "{}"));
    assertThatThrownBy(() -> client("alice", "pw").resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REJECTED));
    assertThatThrownBy(() -> client().resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.CREDENTIALS_REQUIRED));

    server.on("GET", "/token", answer(404, Map.of(), "{}"));
    assertThatThrownBy(() -> client("alice", "pw").resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.TOKEN_SERVICE_REFUSED));

    server.on("GET", "/token", answer(200, Map.of(), "{\"token\":\"useless-token\"}"));
    assertThatThrownBy(() -> client("alice", "pw").resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.ACCESS_DENIED));
  }

  @Test
  void aTokenServiceOutageIsUnavailableNotARefusal() throws Exception {
    bearerChallenge("/v2/app/manifests/v1");
    server.on("GET", "/token", answer(503, Map.of(), ""));
    assertThatThrownBy(() -> client("alice", "pw").resolve(ref(":v1")))
        .isInstanceOfSatisfying(
            RegistryUnavailableException.class, e -> assertThat(e.status()).hasValue(503));
    assertThat(pauses).hasSize(2);
  }

  @Test
  void a403IsAccessDenied() throws Exception {
    server.on(
        "GET",
        "/v2/app/manifests/v1",
        answer(403, Map.of(), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"}]}"));
    assertThatThrownBy(() -> client().manifest(repo(), Tag.parse("v1")))
        .isInstanceOfSatisfying(
            RegistryAuthException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(RegistryAuthException.Rule.ACCESS_DENIED);
              assertThat(e.getMessage()).contains("DENIED");
            });
  }

  // --- redirects -----------------------------------------------------------------------------

  @Test
  void followsABlobRedirectToStorageWithoutTheAuthorizationHeader() throws Exception {
    byte[] blob = "layer bytes".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    server.on(
        "GET",
        "/v2/app/blobs/" + digest,
        exchange -> {
          boolean authorized = exchange.getRequestHeaders().getFirst("Authorization") != null;
          if (!authorized) {
            HostileServer.send(
                exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"r\""), new byte[0]);
          } else {
            HostileServer.send(
                exchange,
                307,
                Map.of("Location", "http://" + storage.host() + "/bucket/blob?sig=1"),
                new byte[0]);
          }
        });
    storage.on("GET", "/bucket/blob", answer(200, Map.of(), blob));
    assertThat(client("alice", "pw").blob(repo(), digest, 1024)).isEqualTo(blob);
    assertThat(storage.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
  }

  @Test
  void keepsTheAuthorizationHeaderOnASameOriginRedirect() throws Exception {
    byte[] blob = "same origin".getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(blob);
    server.on(
        "GET",
        "/v2/app/blobs/" + digest,
        exchange -> {
          if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
            HostileServer.send(
                exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"r\""), new byte[0]);
          } else {
            HostileServer.send(exchange, 302, Map.of("Location", "/internal/blob"), new byte[0]);
          }
        });
    server.on("GET", "/internal/blob", answer(200, Map.of(), blob));
    assertThat(client("alice", "pw").blob(repo(), digest, 1024)).isEqualTo(blob);
    assertThat(server.requests("GET", "/internal/blob"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.header("Authorization"))
                    .contains(new Credentials("alice", "pw").basicAuthorization()));
  }

  @Test
  void refusesARedirectToPlainHttpOnAnUnlistedHostAndEndlessRedirects() throws Exception {
    server.on(
        "GET",
        "/v2/app/blobs/" + DIGEST,
        answer(307, Map.of("Location", "http://127.0.0.2:9/steal"), ""));
    assertThatThrownBy(() -> client().blob(repo(), DIGEST, 1024))
        .isInstanceOfSatisfying(
            TransportSecurityException.class,
            e -> {
              assertThat(e.rule())
                  .isEqualTo(TransportSecurityException.Rule.PLAIN_HTTP_NOT_ALLOWED);
              assertThat(e.host()).isEqualTo("127.0.0.2:9");
            });
    server.on(
        "GET",
        "/v2/app/blobs/" + OTHER,
        answer(302, Map.of("Location", "/v2/app/blobs/" + OTHER), ""));
    assertThatThrownBy(() -> client().blob(repo(), OTHER, 1024))
        .isInstanceOfSatisfying(
            UnexpectedResponseException.class, e -> assertThat(e.status()).isEqualTo(302));
  }

  // --- transport failures --------------------------------------------------------------------

  @Test
  void retries5xxAnd429ThenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.on(
        "HEAD",
        "/v2/app/manifests/v1",
        exchange -> {
          int call = calls.getAndIncrement();
          int status = call == 0 ? 503 : call == 1 ? 429 : 200;
          HostileServer.send(
              exchange, status, status == 200 ? manifestHeaders(DIGEST) : Map.of(), new byte[0]);
        });
    assertThat(client().resolve(ref(":v1"))).isEqualTo(DIGEST);
    assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void gives5xxUpAsUnavailableAfterTheRetries() throws Exception {
    server.on("GET", "/v2/app/manifests/" + DIGEST, answer(500, Map.of(), "{\"errors\":[]}"));
    assertThatThrownBy(() -> client().manifest(repo(), DIGEST))
        .isInstanceOfSatisfying(
            RegistryUnavailableException.class,
            e -> {
              assertThat(e.status()).hasValue(500);
              assertThat(e.getMessage()).contains("gave up after 3 attempts");
            });
    assertThat(server.requests("GET", "/v2/app/manifests/" + DIGEST)).hasSize(3);
  }

  @Test
  void aClosedPortIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    ImageReference nowhere = ImageReference.parse("127.0.0.1:" + port + "/app:v1");
    RegistryClient client =
        RegistryClient.create(options().insecureRegistries(Set.of("127.0.0.1:" + port)).build());
    assertThatThrownBy(() -> client.resolve(nowhere))
        .isInstanceOfSatisfying(
            RegistryUnavailableException.class, e -> assertThat(e.status()).isEmpty());
    assertThat(pauses).hasSize(2);
  }

  @Test
  void aServerThatNeverAnswersTimesOutAsUnavailableWithoutRetry() throws Exception {
    server.on("HEAD", "/v2/app/manifests/v1", exchange -> server.stallUntilClosed());
    assertThatThrownBy(() -> impatientClient().resolve(ref(":v1")))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("timeout");
    assertThat(server.requests("HEAD", "/v2/app/manifests/v1")).hasSize(1);
  }

  @Test
  void aBodyThatStallsTimesOutAsUnavailable() throws Exception {
    server.on(
        "GET",
        "/v2/app/manifests/" + DIGEST,
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", OCI);
          exchange.sendResponseHeaders(200, MANIFEST.length);
          OutputStream out = exchange.getResponseBody();
          out.write(MANIFEST, 0, 10);
          out.flush();
          server.stallUntilClosed();
        });
    assertThatThrownBy(() -> impatientClient().manifest(repo(), DIGEST))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("read timeout");
  }

  @Test
  void anUnexpectedStatusIsAProtocolError() throws Exception {
    server.on(
        "GET",
        "/v2/app/manifests/" + DIGEST,
        answer(400, Map.of(), "{\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":\"bad\"}]}"));
    assertThatThrownBy(() -> client().manifest(repo(), DIGEST))
        .isInstanceOfSatisfying(
            UnexpectedResponseException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("NAME_INVALID");
            });
  }

  // --- referrers API -------------------------------------------------------------------------

  private static String index(String... entries) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + MediaTypes.OCI_INDEX
        + "\",\"manifests\":["
        + String.join(",", entries)
        + "]}";
  }

  private static String entry(Digest digest, String artifactType) {
    return "{\"mediaType\":\""
        + OCI
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":100,\"artifactType\":\""
        + artifactType
        + "\"}";
  }

  @Test
  void usesTheReferrersApiWhenTheRegistryHasItAndFiltersByArtifactType() throws Exception {
    Digest bundle = Digest.sha256("bundle".getBytes(StandardCharsets.UTF_8));
    Digest sbom = Digest.sha256("sbom".getBytes(StandardCharsets.UTF_8));
    Digest next = Digest.sha256("page2".getBytes(StandardCharsets.UTF_8));
    String path = "/v2/app/referrers/" + DIGEST;
    // This registry ignores the filter (no OCI-Filters-Applied) and paginates.
    server.on(
        "GET",
        path,
        answer(
            200,
            Map.of(
                "Content-Type",
                MediaTypes.OCI_INDEX,
                "Link",
                "<" + path + "?last=1>; rel=\"next\""),
            index(
                entry(bundle, MediaTypes.SIGSTORE_BUNDLE_V03),
                entry(sbom, "application/spdx+json"))));
    server.on(
        "GET",
        path + "?last=1",
        answer(
            200,
            Map.of("Content-Type", MediaTypes.OCI_INDEX),
            index(entry(next, MediaTypes.SIGSTORE_BUNDLE_V03))));
    RegistryClient client = client();

    List<Descriptor> bundles =
        client.referrers(repo(), DIGEST, Optional.of(MediaTypes.SIGSTORE_BUNDLE_V03));
    assertThat(bundles).extracting(Descriptor::digest).containsExactly(bundle, next);
    assertThat(client.referrers(repo(), DIGEST, Optional.empty())).hasSize(3);
    assertThat(
            server.requests(
                "GET", path + "?artifactType=application%2Fvnd.dev.sigstore.bundle.v0.3%2Bjson"))
        .singleElement()
        .satisfies(r -> assertThat(r.header("Accept")).contains(MediaTypes.OCI_INDEX));
    // The API answered: the tag schema was not consulted.
    assertThat(server.requests("GET", "/v2/app/manifests/" + DIGEST.referrersTagName())).isEmpty();
  }

  @Test
  void ignoresPaginationLinksThatLeaveTheListing() throws Exception {
    String path = "/v2/app/referrers/" + DIGEST;
    server.on(
        "GET",
        path,
        answer(
            200,
            Map.of(
                "Content-Type",
                MediaTypes.OCI_INDEX,
                "Link",
                "<http://evil.example/v2/app/referrers/x>; rel=\"next\""),
            index(entry(OTHER, "a/b"))));
    assertThat(client().referrers(repo(), DIGEST, Optional.empty()))
        .extracting(Descriptor::digest)
        .containsExactly(OTHER);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void refusesAReferrersAnswerThatIsNotAnIndex() throws Exception {
    server.on(
        "GET", "/v2/app/referrers/" + DIGEST, answer(200, Map.of("Content-Type", OCI), MANIFEST));
    assertThatThrownBy(() -> client().referrers(repo(), DIGEST, Optional.empty()))
        .isInstanceOfSatisfying(
            MalformedManifestException.class,
            e -> assertThat(e.rule()).isEqualTo(MalformedManifestException.Rule.UNEXPECTED_KIND));
  }

  @Test
  void fallsBackToTheTagSchemaOn404AndRefusesATagThatIsNotAnIndex() throws Exception {
    server.on(
        "GET",
        "/v2/app/manifests/" + DIGEST.referrersTagName(),
        answer(200, Map.of("Content-Type", OCI), MANIFEST));
    assertThatThrownBy(() -> client().referrers(repo(), DIGEST, Optional.empty()))
        .isInstanceOfSatisfying(
            MalformedManifestException.class,
            e -> assertThat(e.rule()).isEqualTo(MalformedManifestException.Rule.UNEXPECTED_KIND));
    assertThat(server.requests("GET", "/v2/app/referrers/" + DIGEST)).hasSize(1);
  }
}
