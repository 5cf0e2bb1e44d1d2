package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Optional;

/**
 * One registry API call as a value: what to ask for and a pure handler for the answer. {@link
 * RegistryTransport} does the I/O (URL, authentication, redirects, retries, limits) and hands the
 * final response to {@link #handle}. Statuses the transport resolves itself never reach the
 * handler: 401 (authentication), 403 (refused), 3xx (redirects), 429 and 5xx (retried, then
 * unavailable).
 *
 * @param <T> what the call yields
 */
interface RegistryCall<T> {
  /** The HTTP methods calls use; both idempotent, so retries are safe. */
  enum Method {
    GET,
    HEAD
  }

  /** The repository the call is about (its registry, and the token scope). */
  Repository repository();

  /** GET or HEAD. */
  Method method();

  /** What follows {@code /v2/}: {@code <name>/manifests/<reference>}, with any query. */
  String path();

  /** The {@code Accept} media types; empty for none. */
  List<String> accept();

  /** The longest 2xx body accepted. */
  long maxBodyBytes();

  /** The algorithm to hash a 2xx body with while it is read, if any. */
  Optional<Digest.Algorithm> hashWith();

  /** What the call does, for messages: {@code read the manifest 127.0.0.1:5000/app:v1}. */
  String describe();

  /** Turns the final response into the call's result or a refusal. Pure. */
  T handle(RegistryResponse response) throws RegistryRefusalException;

  /** The refusal for a status the call does not expect. */
  default UnexpectedResponseException unexpected(RegistryResponse response) {
    return new UnexpectedResponseException(
        response.uri().toString(), response.status(), describe(), response.registryErrors());
  }
}
