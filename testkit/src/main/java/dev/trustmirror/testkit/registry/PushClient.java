package dev.trustmirror.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side of {@link RegistryWriter}: sends requests with Basic credentials, or, when the
 * registry challenges for a bearer token, gets one with {@code pull,push} scope from the realm and
 * sends again. Deliberately simple (test code; the verifier's client is the strict one).
 */
final class PushClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final URI base;
  private final HttpClient http;
  private final Optional<String> user;
  private final Optional<String> password;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  PushClient(URI base, Optional<SSLContext> ssl, Optional<String> user, Optional<String> password) {
    this.base = base;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1);
    ssl.ifPresent(builder::sslContext);
    this.http = builder.build();
    this.user = user;
    this.password = password;
  }

  /** Sends with the known authorization; on a 401 challenge, authenticates and sends again. */
  HttpResponse<byte[]> send(String repository, Supplier<HttpRequest.Builder> request)
      throws IOException {
    Optional<String> authorization = Optional.ofNullable(tokens.get(repository)).or(this::basic);
    HttpResponse<byte[]> response = sendOnce(request.get(), authorization);
    if (response.statusCode() != 401) {
      return response;
    }
    String challenge = response.headers().firstValue("www-authenticate").orElse("");
    if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = token(repository, challenge);
      tokens.put(repository, "Bearer " + token);
      return sendOnce(request.get(), Optional.of("Bearer " + token));
    }
    return response;
  }

  private HttpResponse<byte[]> sendOnce(HttpRequest.Builder builder, Optional<String> authorization)
      throws IOException {
    authorization.ifPresent(value -> builder.header("Authorization", value));
    try {
      return http.send(
          builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while talking to " + base, e);
    }
  }

  private String token(String repository, String challenge) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm =
        Optional.ofNullable(params.get("realm"))
            .orElseThrow(() -> new IOException("Bearer challenge without realm: " + challenge));
    String query =
        "service="
            + URLEncoder.encode(params.getOrDefault("service", ""), StandardCharsets.UTF_8)
            + "&scope="
            + URLEncoder.encode("repository:" + repository + ":pull,push", StandardCharsets.UTF_8);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query)).GET();
    HttpResponse<byte[]> response = sendOnce(builder, basic());
    expect(response, 200, "get a push token from " + realm);
    JsonNode body = JSON.readTree(response.body());
    String token = body.path("token").asText(body.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new IOException("The token service at " + realm + " answered without token");
    }
    return token;
  }

  private Optional<String> basic() {
    if (user.isEmpty() || password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (user.get() + ":" + password.get()).getBytes(StandardCharsets.UTF_8)));
  }

  static void expect(HttpResponse<byte[]> response, int status, String what) throws IOException {
    if (response.statusCode() != status) {
      throw new IOException(
          "Tried to "
              + what
              + " but the registry answered HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
  }
}
