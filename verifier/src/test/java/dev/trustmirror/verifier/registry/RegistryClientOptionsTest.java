package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryClientOptionsTest {

  @Test
  void matchesInsecureRegistriesByExactHostAndPortIgnoringCase() {
    RegistryClientOptions options =
        RegistryClientOptions.builder()
            .insecureRegistries(Set.of("Registry.Local:5000", "10.0.0.1"))
            .build();
    assertThat(options.isInsecure("registry.local:5000")).isTrue();
    assertThat(options.isInsecure("REGISTRY.LOCAL:5000")).isTrue();
    assertThat(options.isInsecure("registry.local")).isFalse();
    assertThat(options.isInsecure("registry.local:5001")).isFalse();
    assertThat(options.isInsecure("10.0.0.1")).isTrue();
    assertThat(options.isInsecure("10.0.0.1:80")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "http://registry", "registry/path", "registry:0", "reg istry", "*"})
  void refusesInsecureEntriesThatAreNotHostAndPort(String entry) {
    assertThatThrownBy(
            () -> RegistryClientOptions.builder().insecureRegistries(Set.of(entry)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backoffDoublesAndIsBounded() {
    RegistryClientOptions options =
        RegistryClientOptions.builder().backoffBase(Duration.ofMillis(100)).build();
    assertThat(options.backoffDelay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(options.backoffDelay(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(options.backoffDelay(40)).isEqualTo(RegistryClientOptions.MAX_BACKOFF);
  }
}
