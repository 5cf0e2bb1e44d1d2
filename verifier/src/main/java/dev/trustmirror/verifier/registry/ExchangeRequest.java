package dev.trustmirror.verifier.registry;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange, below authentication and redirects: method, URL, headers, body limit and
 * hashing.
 *
 * @param method {@code GET} or {@code HEAD}
 * @param uri the URL
 * @param headers request headers, in order ({@code Accept}, {@code Authorization})
 * @param maxBodyBytes the longest 2xx body accepted
 * @param hashWith the algorithm to hash a 2xx body with, if any
 * @param describe what the exchange is for, for messages
 */
record ExchangeRequest(
    RegistryCall.Method method,
    URI uri,
    Map<String, String> headers,
    long maxBodyBytes,
    Optional<Digest.Algorithm> hashWith,
    String describe) {
  ExchangeRequest {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  @Override
  public String toString() {
    // Never print header values: Authorization holds secrets.
    return method + " " + uri + " " + headers.keySet();
  }

  /** Performs exchanges; {@link RegistryTransport#exchange} in production. */
  @FunctionalInterface
  interface Exchanger {
    RegistryResponse exchange(ExchangeRequest request)
        throws RegistryRefusalException, RegistryUnavailableException;
  }
}
