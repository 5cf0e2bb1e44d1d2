package dev.trustmirror.testkit.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** The YAML configuration of a {@link DockerRegistry}: pure text, no I/O. */
final class RegistryConfig {
  /** Paths of the TLS pair. */
  record Tls(Path certificate, Path key) {}

  /** docker-registry's {@code auth: token} settings. */
  record Token(URI realm, String service, String issuer, Path rootCertBundle) {}

  private RegistryConfig() {}

  static String yaml(
      int port,
      Path storage,
      String secret,
      Optional<Tls> tls,
      Optional<Path> htpasswd,
      Optional<Token> token) {
    StringBuilder y = new StringBuilder();
    y.append("version: 0.1\n");
    y.append("log:\n  level: info\n  accesslog:\n    disabled: false\n");
    y.append("storage:\n");
    y.append("  filesystem:\n    rootdirectory: ").append(quote(storage.toString())).append('\n');
    y.append("  delete:\n    enabled: true\n");
    y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
    y.append("http:\n");
    y.append("  addr: ").append(RegistryProcess.LOOPBACK).append(':').append(port).append('\n');
    y.append("  secret: ").append(quote(secret)).append('\n');
    tls.ifPresent(
        t ->
            y.append("  tls:\n    certificate: ")
                .append(quote(t.certificate().toString()))
                .append("\n    key: ")
                .append(quote(t.key().toString()))
                .append('\n'));
    y.append("health:\n  storagedriver:\n    enabled: false\n");
    if (htpasswd.isPresent() && token.isPresent()) {
      throw new IllegalArgumentException("docker-registry takes one auth method");
    }
    htpasswd.ifPresent(
        file ->
            y.append("auth:\n  htpasswd:\n    realm: trust-mirror-test\n    path: ")
                .append(quote(file.toString()))
                .append('\n'));
    token.ifPresent(
        t ->
            y.append("auth:\n  token:\n    realm: ")
                .append(quote(t.realm().toString()))
                .append("\n    service: ")
                .append(quote(t.service()))
                .append("\n    issuer: ")
                .append(quote(t.issuer()))
                .append("\n    rootcertbundle: ")
                .append(quote(t.rootCertBundle().toString()))
                .append('\n'));
    return y.toString();
  }

  /** A YAML double-quoted scalar; refuses characters that would need escapes. */
  private static String quote(String value) {
    if (value.contains("\"") || value.contains("\\") || value.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("Unsupported character in a registry setting: " + value);
    }
    return "\"" + value + "\"";
  }
}
