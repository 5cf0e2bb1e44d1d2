package dev.trustmirror.cli;

import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryConfigException;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How a command reaches image registries ({@code verify image}, {@code webhook}): credentials,
 * plain-HTTP registries, an extra CA, the timeout.
 */
final class RegistryAccess {
  @Option(
      names = "--registry-config",
      paramLabel = "FILE",
      description =
          "Registry credentials: a Docker config.json (auths; the .dockerconfigjson of a"
              + " kubernetes.io/dockerconfigjson Secret has the same format).")
  Path registryConfig;

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST",
      description = "A registry (host[:port]) reached over plain HTTP; repeatable.")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "CA certificates trusted for the registry's TLS, besides the JDK's.")
  Path caFile;

  @Option(
      names = "--registry-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Longest wait for the registry to answer (default: ${DEFAULT-VALUE}); a registry that"
              + " does not answer in time is unavailable.")
  Duration registryTimeout;

  /**
   * The registry client options these flags describe.
   *
   * @throws CommandLine.ParameterException for a bad flag value (usage error)
   * @throws IOException when a named file cannot be read
   */
  RegistryClientOptions options(CommandLine cl) throws IOException {
    return options(cl, Optional.empty());
  }

  /**
   * As {@link #options(CommandLine)}, with no timeout longer than {@code cap} (the webhook's time
   * budget per review: a registry call must not outlive the review it serves).
   */
  RegistryClientOptions options(CommandLine cl, Optional<Duration> cap) throws IOException {
    if (registryTimeout.isZero() || registryTimeout.isNegative()) {
      throw new CommandLine.ParameterException(cl, "--registry-timeout must be positive");
    }
    RegistryClientOptions.Builder options = RegistryClientOptions.builder();
    if (registryConfig != null) {
      try {
        options.credentials(RegistryCredentials.readDockerConfig(registryConfig));
      } catch (RegistryConfigException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
    }
    options.insecureRegistries(Set.copyOf(insecureRegistries));
    if (caFile != null) {
      if (!Files.isReadable(caFile)) {
        throw new IOException("Tried to read the CA file " + caFile + " but it is not readable");
      }
      options.caFile(caFile);
    }
    Duration connect =
        registryTimeout.compareTo(Duration.ofSeconds(5)) < 0
            ? registryTimeout
            : Duration.ofSeconds(5);
    Duration total =
        registryTimeout.multipliedBy(3).compareTo(Duration.ofSeconds(30)) > 0
            ? registryTimeout.multipliedBy(3)
            : Duration.ofSeconds(30);
    Duration read = registryTimeout;
    if (cap.isPresent()) {
      connect = min(connect, cap.get());
      read = min(read, cap.get());
      total = min(total, cap.get());
    }
    // Bearer tokens expire by the real clock, whatever --time pins for verification.
    options.connectTimeout(connect).readTimeout(read).requestTimeout(total);
    try {
      return options.clock(TimeOption.wallClock()).build();
    } catch (IllegalArgumentException e) {
      // an --insecure-registry that is not host[:port]
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
