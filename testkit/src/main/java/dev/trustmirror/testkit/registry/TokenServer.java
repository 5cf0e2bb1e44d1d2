package dev.trustmirror.testkit.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token service for docker-registry's {@code auth: token} mode, on 127.0.0.1 and a free port (JDK
 * {@code HttpServer}, plain HTTP). {@code GET /token?service=..&scope=..} with the right Basic
 * credentials answers {@code {"token": JWT, "access_token": JWT, "expires_in": N}}; the JWT is
 * ES256, carries its signing certificate in {@code x5c}, and grants every action asked for in
 * {@code repository:<name>:<actions>} scopes, as distribution's token format requires ({@code iss},
 * {@code aud} = service, {@code exp}, {@code nbf}, {@code access}). The signing certificate is
 * issued by a test CA whose certificate is the registry's {@code rootcertbundle}. Wrong or missing
 * credentials answer 401.
 */
public final class TokenServer implements AutoCloseable {
  /** The {@code service} the registry names in its challenges (and expects as {@code aud}). */
  public static final String SERVICE = "trust-mirror-test-registry";

  /** The {@code iss} of the tokens. */
  public static final String ISSUER = "trust-mirror-test-token-service";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, String> users;
  private final Duration lifetime;
  private final TestCertificates ca;
  private final TestCertificates.Issued signer;
  private final Path rootCertBundle;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private TokenServer(
      HttpServer server,
      Map<String, String> users,
      Duration lifetime,
      TestCertificates ca,
      TestCertificates.Issued signer,
      Path rootCertBundle) {
    this.server = server;
    this.users = Map.copyOf(users);
    this.lifetime = lifetime;
    this.ca = ca;
    this.signer = signer;
    this.rootCertBundle = rootCertBundle;
  }

  /**
   * Starts a token service for {@code users} (user → password), issuing tokens valid for {@code
   * lifetime}. The CA bundle the registry needs is written to a temporary file ({@link
   * #rootCertBundle()}).
   */
  public static TokenServer start(Map<String, String> users, Duration lifetime) throws IOException {
    TestCertificates ca = TestCertificates.newCa("token service");
    TestCertificates.Issued signer = ca.issueSigner();
    Path bundle = Files.createTempFile("trust-mirror-token-root", ".pem");
    ca.writeCa(bundle);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    TokenServer tokens = new TokenServer(server, users, lifetime, ca, signer, bundle);
    server.createContext("/token", tokens::handle);
    server.start();
    return tokens;
  }

  /** The realm URL the registry sends clients to ({@code http://127.0.0.1:PORT/token}). */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** {@code 127.0.0.1:PORT}, as an insecure-registry list writes it. */
  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The PEM file of the CA that issued the token signing certificate. */
  public Path rootCertBundle() {
    return rootCertBundle;
  }

  /** The test CA behind the signing certificate. */
  public TestCertificates ca() {
    return ca;
  }

  /** The users (user → password) it issues tokens to. */
  public Map<String, String> users() {
    return users;
  }

  /** How many tokens were issued so far. */
  public int tokensIssued() {
    return issued.get();
  }

  /** How many token requests were refused (401) so far. */
  public int requestsRefused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
    try {
      Files.deleteIfExists(rootCertBundle);
    } catch (IOException ignored) {
      // a temporary file; nothing else to do
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String account = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      if (account == null) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"token service\"");
        send(exchange, 401, "{\"details\":\"wrong or missing credentials\"}");
        return;
      }
      Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
      String jwt = jwt(account, query.getOrDefault("scope", List.of()));
      issued.incrementAndGet();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", jwt);
      body.put("access_token", jwt);
      body.put("expires_in", lifetime.toSeconds());
      body.put("issued_at", Instant.now().toString());
      send(exchange, 200, JSON.writeValueAsString(body));
    } catch (GeneralSecurityException e) {
      throw new IOException("Tried to sign a test token but failed", e);
    }
  }

  /** The account name, "" for anonymous when no users are configured, null when refused. */
  private String authenticate(String authorization) {
    if (users.isEmpty()) {
      return "";
    }
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring("Basic ".length()).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    return decoded.substring(colon + 1).equals(users.get(user)) ? user : null;
  }

  private String jwt(String account, List<String> scopes)
      throws GeneralSecurityException, IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header.put(
        "x5c", List.of(Base64.getEncoder().encodeToString(signer.certificate().getEncoded())));
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", account);
    claims.put("aud", SERVICE);
    claims.put("exp", now + lifetime.toSeconds());
    claims.put("nbf", now - 1);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("access", access(scopes));
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        url.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + url.encodeToString(JSON.writeValueAsBytes(claims));
    // JWS ES256: the raw r||s signature (IEEE P1363), not DER.
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(signer.key().getPrivate());
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(signature.sign());
  }

  /** {@code repository:team/app:pull,push} → {type: repository, name: team/app, actions: [...]}. */
  private static List<Map<String, Object>> access(List<String> scopes) {
    List<Map<String, Object>> access = new ArrayList<>();
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length == 3 && parts[0].equals("repository")) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "repository");
        entry.put("name", parts[1]);
        entry.put("actions", List.of(parts[2].split(",")));
        access.add(entry);
      }
    }
    return access;
  }

  private static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (rawQuery == null) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return result;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
