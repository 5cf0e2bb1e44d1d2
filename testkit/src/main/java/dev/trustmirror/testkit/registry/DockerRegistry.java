package dev.trustmirror.testkit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

/**
 * A real OCI registry: Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 and a free
 * port, with its storage, configuration and log in a temporary directory that {@link #close()}
 * deletes. Optional htpasswd Basic auth (bcrypt via BouncyCastle), TLS with a certificate from a
 * fresh test CA, or token auth against a {@link TokenServer}. {@link #start} returns once {@code
 * /v2/} answers.
 *
 * <pre>{@code
 * try (DockerRegistry registry = DockerRegistry.builder().basicAuth("alice", "s3cret").start()) {
 *   RegistryWriter writer = registry.writer();
 *   RegistryWriter.PushedImage image = writer.pushRandomImage("team/app", "v1");
 * }
 * }</pre>
 */
public final class DockerRegistry implements AutoCloseable {
  /** Where the Debian package {@code docker-registry} installs the registry. */
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final RegistryProcess process;
  private final Optional<TestCertificates> ca;
  private final Optional<Path> caFile;
  private final Map<String, String> users;
  private final Optional<TokenServer> tokenServer;

  private DockerRegistry(
      Path dir,
      RegistryProcess process,
      Optional<TestCertificates> ca,
      Optional<Path> caFile,
      Map<String, String> users,
      Optional<TokenServer> tokenServer) {
    this.dir = dir;
    this.process = process;
    this.ca = ca;
    this.caFile = caFile;
    this.users = Map.copyOf(users);
    this.tokenServer = tokenServer;
  }

  /** An anonymous, plain-HTTP registry. */
  public static DockerRegistry start() throws IOException {
    return builder().start();
  }

  /** A builder for a registry with auth or TLS. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:PORT}: the registry part of image references. */
  public String host() {
    return RegistryProcess.LOOPBACK + ":" + process.port();
  }

  /** {@code http(s)://127.0.0.1:PORT/}. */
  public URI baseUrl() {
    return URI.create((ca.isPresent() ? "https" : "http") + "://" + host() + "/");
  }

  /** Whether it serves TLS. */
  public boolean tls() {
    return ca.isPresent();
  }

  /** The test CA that issued its TLS certificate, with TLS. */
  public Optional<TestCertificates> ca() {
    return ca;
  }

  /** The PEM file of that CA, with TLS. */
  public Optional<Path> caFile() {
    return caFile;
  }

  /** The users (user → password): htpasswd users, or the token server's users. */
  public Map<String, String> users() {
    return users;
  }

  /** The token server, in token auth mode. */
  public Optional<TokenServer> tokenServer() {
    return tokenServer;
  }

  /** The registry's storage directory. */
  public Path storage() {
    return dir.resolve("storage");
  }

  /** The registry's output so far (its log, one request per line). */
  public String log() {
    return RegistryProcess.readLog(process.log());
  }

  /**
   * A writer pushing to this registry, with the first user's credentials when there are users,
   * trusting the test CA with TLS.
   */
  public RegistryWriter writer() {
    Optional<Map.Entry<String, String>> user =
        users.entrySet().stream().sorted(Map.Entry.comparingByKey()).findFirst();
    return new RegistryWriter(
        baseUrl(),
        ca.map(TestCertificates::trustingSslContext),
        user.map(Map.Entry::getKey),
        user.map(Map.Entry::getValue));
  }

  /** Stops the registry and deletes its directory (not the token server: its owner closes it). */
  @Override
  public void close() {
    process.stop();
    RegistryProcess.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "docker-registry at " + baseUrl();
  }

  /** Options of the registry to start. */
  public static final class Builder {
    private final Map<String, String> users = new LinkedHashMap<>();
    private boolean tls;
    private TokenServer tokenServer;

    private Builder() {}

    /** Requires htpasswd Basic auth; may be called for several users. */
    public Builder basicAuth(String user, String password) {
      users.put(user, password);
      return this;
    }

    /** Serves TLS with a certificate for 127.0.0.1 from a fresh test CA. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** Requires bearer tokens from {@code tokenServer} ({@code auth: token}). */
    public Builder tokenAuth(TokenServer tokenServer) {
      this.tokenServer = tokenServer;
      return this;
    }

    /** Starts the registry and waits until {@code /v2/} answers. */
    public DockerRegistry start() throws IOException {
      if (!users.isEmpty() && tokenServer != null) {
        throw new IllegalArgumentException("Choose Basic or token auth, not both");
      }
      if (!Files.isExecutable(BINARY)) {
        throw new IOException(
            "Tried to start docker-registry but "
                + BINARY
                + " is missing: install the Debian package docker-registry"
                + " (apt-get install -y docker-registry)");
      }
      Path dir = Files.createTempDirectory("trust-mirror-registry");
      try {
        return launch(dir);
      } catch (IOException | RuntimeException e) {
        RegistryProcess.deleteTree(dir);
        throw e;
      }
    }

    private DockerRegistry launch(Path dir) throws IOException {
      Path storage = Files.createDirectories(dir.resolve("storage"));
      Optional<TestCertificates> ca = Optional.empty();
      Optional<Path> caFile = Optional.empty();
      Optional<RegistryConfig.Tls> tlsFiles = Optional.empty();
      if (tls) {
        TestCertificates authority = TestCertificates.newCa("docker-registry");
        TestCertificates.write(
            authority.issueServer(), dir.resolve("tls.crt"), dir.resolve("tls.key"));
        ca = Optional.of(authority);
        caFile = Optional.of(authority.writeCa(dir.resolve("ca.pem")));
        tlsFiles =
            Optional.of(new RegistryConfig.Tls(dir.resolve("tls.crt"), dir.resolve("tls.key")));
      }
      Optional<Path> htpasswd = Optional.empty();
      if (!users.isEmpty()) {
        htpasswd =
            Optional.of(
                Files.writeString(
                    dir.resolve("htpasswd"), Htpasswd.of(users), StandardCharsets.UTF_8));
      }
      Optional<RegistryConfig.Token> token =
          Optional.ofNullable(tokenServer)
              .map(
                  t ->
                      new RegistryConfig.Token(
                          t.realm(), TokenServer.SERVICE, TokenServer.ISSUER, t.rootCertBundle()));
      Path config = dir.resolve("config.yml");
      String secret = UUID.randomUUID().toString();
      Optional<RegistryConfig.Tls> tlsConfig = tlsFiles;
      Optional<Path> htpasswdFile = htpasswd;
      IntFunction<List<String>> command =
          port -> {
            try {
              Files.writeString(
                  config,
                  RegistryConfig.yaml(port, storage, secret, tlsConfig, htpasswdFile, token),
                  StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return List.of(BINARY.toString(), "serve", config.toString());
          };
      RegistryProcess process = RegistryProcess.start(command, dir.resolve("registry.log"));
      DockerRegistry registry =
          new DockerRegistry(
              dir,
              process,
              ca,
              caFile,
              tokenServer == null ? users : tokenServer.users(),
              Optional.ofNullable(tokenServer));
      try {
        awaitReady(registry, ca.map(TestCertificates::trustingSslContext));
      } catch (IOException | RuntimeException e) {
        process.stop();
        throw e;
      }
      return registry;
    }
  }

  private static void pause(DockerRegistry registry) throws IOException {
    try {
      registry.process.awaitExit(Duration.ofMillis(50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for " + registry, e);
    }
  }

  /** Waits until {@code GET /v2/} answers 200 or 401. */
  private static void awaitReady(DockerRegistry registry, Optional<SSLContext> ssl)
      throws IOException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    ssl.ifPresent(builder::sslContext);
    HttpClient client = builder.build();
    HttpRequest request =
        HttpRequest.newBuilder(registry.baseUrl().resolve("/v2/"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline && registry.process.isAlive()) {
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
        last = "HTTP " + status;
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for " + registry, e);
      }
      pause(registry);
    }
    throw new IOException(
        "Tried to start "
            + registry
            + " but /v2/ did not answer ("
            + last
            + "); its output:\n"
            + registry.log());
  }
}
