package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token request a Bearer challenge calls for (distribution token authentication), as a value:
 * {@code GET <realm>?service=..&scope=..} with the registry's credentials as Basic when there are
 * some, and a pure handler for the token service's answer. The realm must be an http(s) URL; plain
 * HTTP to it is refused by the exchange unless its host is listed as insecure, so credentials never
 * travel in clear to a host nobody listed.
 */
final class TokenServiceCall {
  /** Token bodies are small; a larger one is refused. */
  static final long MAX_TOKEN_BODY = 1024 * 1024;

  private final Repository repository;
  private final URI uri;
  private final Optional<Credentials> credentials;

  private TokenServiceCall(Repository repository, URI uri, Optional<Credentials> credentials) {
    this.repository = repository;
    this.uri = uri;
    this.credentials = credentials;
  }

  /**
   * The token request for {@code challenge}, received from {@code location}.
   *
   * @throws RegistryAuthException when the challenge has no usable realm
   */
  static TokenServiceCall of(
      Repository repository,
      AuthChallenge challenge,
      String location,
      Optional<Credentials> credentials)
      throws RegistryAuthException {
    URI realm = realm(repository.registry(), challenge, location);
    return new TokenServiceCall(repository, tokenUri(realm, challenge, repository), credentials);
  }

  /** The exchange to perform. */
  ExchangeRequest request() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    credentials.ifPresent(c -> headers.put("Authorization", c.basicAuthorization()));
    return new ExchangeRequest(
        RegistryCall.Method.GET,
        uri,
        headers,
        MAX_TOKEN_BODY,
        Optional.empty(),
        "get a bearer token for "
            + repository
            + " from "
            + uri.getScheme()
            + "://"
            + uri.getRawAuthority()
            + uri.getRawPath());
  }

  /** The token in the token service's answer. Pure. */
  TokenResponse handle(RegistryResponse response) throws RegistryAuthException {
    String registry = repository.registry();
    String location = response.uri().toString();
    int status = response.status();
    if (status == 401 || status == 403) {
      throw new RegistryAuthException(
          credentials.isPresent()
              ? RegistryAuthException.Rule.CREDENTIALS_REJECTED
              : RegistryAuthException.Rule.CREDENTIALS_REQUIRED,
          registry,
          location,
          credentials.isPresent()
              ? "the token service refused the configured credentials (HTTP " + status + ")"
              : "the token service asks for credentials (HTTP "
                  + status
                  + ") and none are configured for "
                  + registry);
    }
    if (status != 200) {
      throw new RegistryAuthException(
          RegistryAuthException.Rule.TOKEN_SERVICE_REFUSED,
          registry,
          location,
          "the token service answered HTTP " + status + ", expected 200");
    }
    try {
      return TokenResponse.parse(response.body());
    } catch (TokenResponse.MalformedException e) {
      throw new RegistryAuthException(
          RegistryAuthException.Rule.MALFORMED_TOKEN_RESPONSE,
          registry,
          location,
          "the token service's answer is not a token response: " + e.getMessage());
    }
  }

  private static URI realm(String registry, AuthChallenge challenge, String location)
      throws RegistryAuthException {
    String realm =
        challenge
            .param("realm")
            .orElseThrow(
                () ->
                    new RegistryAuthException(
                        RegistryAuthException.Rule.MALFORMED_CHALLENGE,
                        registry,
                        location,
                        "its Bearer challenge has no realm"));
    try {
      URI uri = new URI(realm);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getRawAuthority() == null
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null
          || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
        throw new URISyntaxException(realm, "not an http(s) URL without user info and fragment");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new RegistryAuthException(
          RegistryAuthException.Rule.MALFORMED_CHALLENGE,
          registry,
          location,
          "its Bearer realm '" + UntrustedText.of(realm) + "' is not an http(s) URL",
          e);
    }
  }

  private static URI tokenUri(URI realm, AuthChallenge challenge, Repository repository) {
    List<String> query = new ArrayList<>();
    challenge.param("service").ifPresent(s -> query.add("service=" + encode(s)));
    String scopes = challenge.param("scope").orElse(RegistryAuthenticator.scope(repository));
    for (String scope : scopes.split(" ")) {
      if (!scope.isEmpty()) {
        query.add("scope=" + encode(scope));
      }
    }
    String base = realm.toString();
    String joined = String.join("&", query);
    if (joined.isEmpty()) {
      return realm;
    }
    return URI.create(base + (realm.getRawQuery() == null ? "?" : "&") + joined);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
