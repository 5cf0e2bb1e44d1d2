package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one caller that does registry I/O: runs a {@link RegistryCall} against its registry's base
 * URL, answers 401 challenges ({@link RegistryAuthenticator}), follows redirects (sending {@code
 * Authorization} only to the registry's own origin), and hands the final response to the call's
 * pure handler. Single exchanges (limits, timeouts, retries, TLS) are {@link HttpExchanger}'s.
 */
final class RegistryTransport {
  private static final int MAX_REDIRECTS = 5;

  private final HttpExchanger http;
  private final RegistryClientOptions options;
  private final RegistryAuthenticator authenticator;

  private RegistryTransport(HttpExchanger http, RegistryClientOptions options) {
    this.http = http;
    this.options = options;
    this.authenticator =
        new RegistryAuthenticator(options.credentials(), options.clock(), http::exchange);
  }

  /**
   * A transport with the options' timeouts and trust.
   *
   * @throws IOException when the extra CA file cannot be read
   */
  static RegistryTransport create(RegistryClientOptions options) throws IOException {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(options.connectTimeout())
            // Redirects are followed by hand: Authorization must not go to another origin.
            .followRedirects(HttpClient.Redirect.NEVER)
            // Registry calls are few and small: HTTP/1.1 keeps cancellation and HEAD simple.
            .version(HttpClient.Version.HTTP_1_1)
            // Run the client's completions where they happen (its selector thread, or the
            // caller) instead of handing each to a pool thread: one thread switch fewer per stage
            // of every exchange, measurably faster on a loaded 2-core machine (ADR 0019). What
            // runs there is short: header handling and BoundedBody's bounded copy and hash.
            .executor(Runnable::run);
    if (options.caFile().isPresent()) {
      builder.sslContext(RegistryTrust.sslContext(options.caFile().get()));
    }
    return new RegistryTransport(new HttpExchanger(builder.build(), options), options);
  }

  /** {@code https://host[:port]/v2/}, or {@code http://} for insecure-listed registries. */
  URI baseUri(String registry) {
    String host = registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
    return URI.create((options.isInsecure(registry) ? "http" : "https") + "://" + host + "/v2/");
  }

  /** Runs {@code call}: authentication, redirects, then the call's pure handler. */
  <T> T execute(RegistryCall<T> call)
      throws RegistryRefusalException, RegistryUnavailableException {
    Repository repository = call.repository();
    URI base = baseUri(repository.registry());
    URI uri = base.resolve(call.path());
    Optional<String> authorization = authenticator.cached(repository);
    boolean fresh = false;
    while (true) {
      RegistryResponse response = followingRedirects(call, base, uri, authorization);
      boolean fromRegistry = sameOrigin(response.uri(), base);
      if (response.status() == 401 && fromRegistry) {
        if (fresh) {
          throw authenticator.rejected(repository, response, authorization.orElse(""));
        }
        authenticator.forget(repository);
        authorization = Optional.of(authenticator.authorize(repository, response));
        fresh = true;
        continue;
      }
      if (response.status() == 403) {
        throw new RegistryAuthException(
            RegistryAuthException.Rule.ACCESS_DENIED,
            repository.registry(),
            response.uri().toString(),
            "it answered 403 (forbidden) to the request to "
                + call.describe()
                + " "
                + response.registryErrors());
      }
      return call.handle(response);
    }
  }

  private RegistryResponse followingRedirects(
      RegistryCall<?> call, URI base, URI uri, Optional<String> authorization)
      throws RegistryRefusalException, RegistryUnavailableException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (!call.accept().isEmpty()) {
        headers.put("Accept", String.join(", ", call.accept()));
      }
      // Registries redirect blobs to storage on other hosts: credentials stay with the registry.
      if (authorization.isPresent() && sameOrigin(current, base)) {
        headers.put("Authorization", authorization.get());
      }
      RegistryResponse response =
          http.exchange(
              new ExchangeRequest(
                  call.method(),
                  current,
                  headers,
                  call.maxBodyBytes(),
                  call.hashWith(),
                  call.describe()));
      if (!isRedirect(response.status())) {
        return response;
      }
      Optional<String> location = response.header("location");
      if (location.isEmpty() || hop + 1 > MAX_REDIRECTS) {
        throw new UnexpectedResponseException(
            current.toString(),
            response.status(),
            call.describe(),
            location.isEmpty()
                ? "a redirect without Location"
                : "more than " + MAX_REDIRECTS + " redirects");
      }
      current = redirectTarget(current, location.get(), response.status(), call.describe());
    }
  }

  private static URI redirectTarget(URI current, String location, int status, String describe)
      throws UnexpectedResponseException {
    try {
      URI target = current.resolve(new URI(location.strip()));
      String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http"))
          || target.getHost() == null
          || target.getRawUserInfo() != null) {
        throw new IllegalArgumentException("not an http(s) URL without user info");
      }
      return target;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new UnexpectedResponseException(
          current.toString(),
          status,
          describe,
          "its redirect to '" + UntrustedText.of(location) + "' is not a usable URL");
    }
  }

  /** {@code host[:port]} of {@code uri}, lowercase, as insecure lists and messages write it. */
  static String authority(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
  }

  /** Same scheme, host and port (default ports made explicit). */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
