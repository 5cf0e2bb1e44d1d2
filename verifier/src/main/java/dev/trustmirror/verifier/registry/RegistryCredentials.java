package dev.trustmirror.verifier.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials per registry, as a Docker {@code config.json} or a {@code
 * kubernetes.io/dockerconfigjson} Secret holds them ({@code auths.<registry>.auth} = base64 of
 * {@code user:password}, or {@code username} and {@code password}).
 *
 * <p>Registry keys are matched like docker does: a scheme and path are ignored ({@code
 * https://index.docker.io/v1/} is {@code index.docker.io}), case does not matter, and {@code
 * index.docker.io}, {@code registry-1.docker.io} and {@code registry.hub.docker.com} all mean
 * {@code docker.io}. A key written exactly as the registry wins over an alias. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) and identity tokens are not used: such entries give no
 * credentials (anonymous access).
 */
public final class RegistryCredentials {
  private static final Set<String> DOCKER_HUB_ALIASES =
      Set.of("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private final Map<String, Credentials> exact;
  private final Map<String, Credentials> normalized;

  private RegistryCredentials(Map<String, Credentials> exact, Map<String, Credentials> normalized) {
    this.exact = Collections.unmodifiableMap(exact);
    this.normalized = Collections.unmodifiableMap(normalized);
  }

  /** No credentials: every registry is accessed anonymously. */
  public static RegistryCredentials none() {
    return new RegistryCredentials(Map.of(), Map.of());
  }

  /**
   * Credentials for the given registries (keys as in a {@code config.json}: {@code host[:port]},
   * optionally with scheme and path).
   */
  public static RegistryCredentials of(Map<String, Credentials> byRegistry) {
    Map<String, Credentials> exact = new LinkedHashMap<>();
    Map<String, Credentials> normalized = new LinkedHashMap<>();
    byRegistry.forEach(
        (key, credentials) -> {
          exact.putIfAbsent(key.strip().toLowerCase(Locale.ROOT), credentials);
          normalized.putIfAbsent(normalize(key), credentials);
        });
    return new RegistryCredentials(exact, normalized);
  }

  /**
   * Parses a Docker {@code config.json}, or the {@code .dockerconfigjson} bytes of a {@code
   * kubernetes.io/dockerconfigjson} Secret (the same format).
   *
   * @param json the file's bytes
   * @param source what was read, for messages ({@code /root/.docker/config.json}, {@code secret
   *     ns/name})
   */
  public static RegistryCredentials parseDockerConfig(byte[] json, String source)
      throws RegistryConfigException {
    return of(DockerConfigParser.parse(json, source));
  }

  /** Reads and parses a Docker {@code config.json}. */
  public static RegistryCredentials readDockerConfig(Path file)
      throws IOException, RegistryConfigException {
    return parseDockerConfig(Files.readAllBytes(file), file.toString());
  }

  /** The credentials for {@code registry} ({@code host[:port]}, {@code docker.io}), if any. */
  public Optional<Credentials> find(String registry) {
    String key = registry.toLowerCase(Locale.ROOT);
    Credentials direct = exact.get(key);
    return direct != null
        ? Optional.of(direct)
        : Optional.ofNullable(normalized.get(normalize(key)));
  }

  /** The registries with credentials, normalized ({@code docker.io}, {@code 127.0.0.1:5000}). */
  public Set<String> registries() {
    return normalized.keySet();
  }

  /**
   * {@code https://index.docker.io/v1/} → {@code docker.io}; {@code Host:5000} → {@code host:5000}.
   */
  static String normalize(String key) {
    String k = key.strip().toLowerCase(Locale.ROOT);
    if (k.startsWith("https://")) {
      k = k.substring("https://".length());
    } else if (k.startsWith("http://")) {
      k = k.substring("http://".length());
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    return DOCKER_HUB_ALIASES.contains(k) ? ImageReference.DOCKER_HUB : k;
  }

  @Override
  public String toString() {
    return "RegistryCredentials" + registries();
  }
}
