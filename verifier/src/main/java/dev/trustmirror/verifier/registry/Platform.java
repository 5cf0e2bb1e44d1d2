package dev.trustmirror.verifier.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * The platform of an index entry ({@code linux/amd64}, {@code linux/arm64/v8}).
 *
 * @param os operating system ({@code linux})
 * @param architecture CPU architecture ({@code amd64})
 * @param variant CPU variant ({@code v8}), when given
 */
public record Platform(String os, String architecture, Optional<String> variant) {
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
  }

  /** {@code os/architecture[/variant]}. */
  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }
}
