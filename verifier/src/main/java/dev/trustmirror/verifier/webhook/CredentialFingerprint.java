package dev.trustmirror.verifier.webhook;

import dev.trustmirror.verifier.registry.Credentials;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A SHA-256 over what a {@link RegistryCredentials} answers for each registry it names (and for
 * Docker Hub's aliases): equal for credential sets that authenticate alike, so that Secrets read
 * again share a registry client, and no secret in the cache key or in a log line.
 */
final class CredentialFingerprint {
  private static final List<String> DOCKER_HUB_ALIASES =
      List.of("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private CredentialFingerprint() {}

  /** {@code sha256:<hex>}; {@code anonymous} for no credentials at all. */
  static String of(RegistryCredentials credentials) {
    TreeSet<String> registries = new TreeSet<>(credentials.registries());
    if (registries.isEmpty()) {
      return "anonymous";
    }
    if (registries.contains(ImageReference.DOCKER_HUB)) {
      registries.addAll(DOCKER_HUB_ALIASES);
    }
    StringBuilder text = new StringBuilder("trust-mirror registry credentials v1\n");
    for (String registry : registries) {
      Optional<Credentials> c = credentials.find(registry);
      netstring(text, registry);
      if (c.isPresent()) {
        netstring(text, c.get().username());
        netstring(text, c.get().password());
      }
      text.append('\n');
    }
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static void netstring(StringBuilder text, String value) {
    text.append(value.length()).append(':').append(value).append(',');
  }
}
