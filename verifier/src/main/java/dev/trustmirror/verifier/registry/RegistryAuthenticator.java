package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's 401 challenge: Basic with the configured credentials, or Bearer by getting a
 * token from the challenge's realm (with the credentials as Basic, when there are some), and
 * remembers the result: Basic per registry, tokens per registry and scope until they expire by the
 * injected clock.
 */
final class RegistryAuthenticator {
  private record Cached(String authorization, Optional<Instant> expires) {}

  private final RegistryCredentials credentials;
  private final Clock clock;
  private final ExchangeRequest.Exchanger exchanger;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  RegistryAuthenticator(
      RegistryCredentials credentials, Clock clock, ExchangeRequest.Exchanger exchanger) {
    this.credentials = credentials;
    this.clock = clock;
    this.exchanger = exchanger;
  }

  /** The pull scope of {@code repository} ({@code repository:library/alpine:pull}). */
  static String scope(Repository repository) {
    return "repository:" + repository.path() + ":pull";
  }

  /** The {@code Authorization} value remembered for this registry and scope, if still valid. */
  Optional<String> cached(Repository repository) {
    String bearerKey = bearerKey(repository);
    Cached bearer = cache.get(bearerKey);
    if (bearer != null) {
      if (bearer.expires.map(e -> clock.instant().isBefore(e)).orElse(true)) {
        return Optional.of(bearer.authorization);
      }
      cache.remove(bearerKey, bearer);
    }
    return Optional.ofNullable(cache.get(basicKey(repository))).map(Cached::authorization);
  }

  /** Forgets what was remembered for this registry and scope (the registry refused it). */
  void forget(Repository repository) {
    cache.remove(bearerKey(repository));
    cache.remove(basicKey(repository));
  }

  /**
   * The {@code Authorization} value answering {@code unauthorized}'s challenge.
   *
   * @throws RegistryAuthException when the challenge is malformed or unsupported, credentials are
   *     needed and missing, or the token service refuses
   */
  String authorize(Repository repository, RegistryResponse unauthorized)
      throws RegistryRefusalException, RegistryUnavailableException {
    String registry = repository.registry();
    String location = unauthorized.uri().toString();
    List<AuthChallenge> challenges = challenges(registry, unauthorized);
    Optional<AuthChallenge> bearer = find(challenges, "bearer");
    if (bearer.isPresent()) {
      return bearer(repository, bearer.get(), location);
    }
    if (find(challenges, "basic").isPresent()) {
      Credentials c =
          credentials
              .find(registry)
              .orElseThrow(
                  () ->
                      new RegistryAuthException(
                          RegistryAuthException.Rule.CREDENTIALS_REQUIRED,
                          registry,
                          location,
                          "it asks for Basic credentials and none are configured for " + registry));
      String authorization = c.basicAuthorization();
      cache.put(basicKey(repository), new Cached(authorization, Optional.empty()));
      return authorization;
    }
    List<String> schemes = challenges.stream().map(AuthChallenge::scheme).toList();
    throw new RegistryAuthException(
        RegistryAuthException.Rule.UNSUPPORTED_CHALLENGE,
        registry,
        location,
        "it asks for "
            + UntrustedText.of(String.join(", ", schemes))
            + ", and only Basic and Bearer are supported");
  }

  /** The refusal when the registry answers 401 again to a fresh {@code authorization}. */
  RegistryAuthException rejected(
      Repository repository, RegistryResponse second, String authorization) {
    forget(repository);
    String registry = repository.registry();
    String location = second.uri().toString();
    boolean hasCredentials = credentials.find(registry).isPresent();
    if (authorization.startsWith("Basic ")) {
      return new RegistryAuthException(
          RegistryAuthException.Rule.CREDENTIALS_REJECTED,
          registry,
          location,
          "it refused the configured credentials for " + registry);
    }
    return hasCredentials
        ? new RegistryAuthException(
            RegistryAuthException.Rule.ACCESS_DENIED,
            registry,
            location,
            "its token does not grant " + scope(repository) + " " + second.registryErrors())
        : new RegistryAuthException(
            RegistryAuthException.Rule.CREDENTIALS_REQUIRED,
            registry,
            location,
            "an anonymous token does not grant "
                + scope(repository)
                + ": configure credentials for "
                + registry);
  }

  private String bearer(Repository repository, AuthChallenge challenge, String location)
      throws RegistryRefusalException, RegistryUnavailableException {
    TokenServiceCall call =
        TokenServiceCall.of(
            repository, challenge, location, credentials.find(repository.registry()));
    TokenResponse token = call.handle(exchanger.exchange(call.request()));
    String authorization = "Bearer " + token.token();
    Duration lifetime = token.expiresIn();
    // Renew a little early, so that a token does not expire between check and use.
    Duration margin =
        lifetime.dividedBy(10).compareTo(Duration.ofSeconds(10)) > 0
            ? Duration.ofSeconds(10)
            : lifetime.dividedBy(10);
    cache.put(
        bearerKey(repository),
        new Cached(authorization, Optional.of(clock.instant().plus(lifetime).minus(margin))));
    return authorization;
  }

  private static List<AuthChallenge> challenges(String registry, RegistryResponse response)
      throws RegistryAuthException {
    List<AuthChallenge> challenges = new ArrayList<>();
    String lastError = "there is no WWW-Authenticate header";
    for (String header : response.headers().allValues("www-authenticate")) {
      try {
        challenges.addAll(AuthChallenge.parseAll(header));
      } catch (AuthChallenge.SyntaxException e) {
        lastError =
            "its WWW-Authenticate header '"
                + UntrustedText.of(header)
                + "' is malformed: "
                + e.getMessage();
      }
    }
    if (challenges.isEmpty()) {
      throw new RegistryAuthException(
          RegistryAuthException.Rule.MALFORMED_CHALLENGE,
          registry,
          response.uri().toString(),
          "it answered 401 and " + lastError);
    }
    return challenges;
  }

  private static Optional<AuthChallenge> find(List<AuthChallenge> challenges, String scheme) {
    return challenges.stream().filter(c -> c.scheme().equals(scheme)).findFirst();
  }

  private static String bearerKey(Repository repository) {
    return repository.registry() + " " + scope(repository);
  }

  private static String basicKey(Repository repository) {
    return repository.registry() + " basic";
  }
}
