package dev.trustmirror.verifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.verifier.registry.Credentials;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CredentialFingerprint}: equal for credentials that authenticate alike, never a secret. */
class CredentialFingerprintTest {
  private static RegistryCredentials of(String... registryUserPassword) {
    Map<String, Credentials> map = new LinkedHashMap<>();
    for (int i = 0; i < registryUserPassword.length; i += 3) {
      map.put(
          registryUserPassword[i],
          new Credentials(registryUserPassword[i + 1], registryUserPassword[i + 2]));
    }
    return RegistryCredentials.of(map);
  }

  @Test
  void equalCredentialsReadTwiceShareAFingerprintWhateverTheirOrderOrSpelling() {
    assertThat(
            CredentialFingerprint.of(
                of("ghcr.io", "bot", "pw1", "https://index.docker.io/v1/", "me", "pw2")))
        .isEqualTo(CredentialFingerprint.of(of("docker.io", "me", "pw2", "GHCR.io", "bot", "pw1")));
  }

  @Test
  void aDifferentPasswordUserOrRegistryChangesIt() {
    String base = CredentialFingerprint.of(of("ghcr.io", "bot", "pw1"));

    assertThat(CredentialFingerprint.of(of("ghcr.io", "bot", "pw2"))).isNotEqualTo(base);
    assertThat(CredentialFingerprint.of(of("ghcr.io", "bot2", "pw1"))).isNotEqualTo(base);
    assertThat(CredentialFingerprint.of(of("quay.io", "bot", "pw1"))).isNotEqualTo(base);
  }

  @Test
  void holdsNoSecretAndNamesAnonymousAccess() {
    String fingerprint = CredentialFingerprint.of(of("ghcr.io", "bot", "hunter2"));

    assertThat(fingerprint).startsWith("sha256:").doesNotContain("hunter2").doesNotContain("bot");
    assertThat(CredentialFingerprint.of(RegistryCredentials.none())).isEqualTo("anonymous");
  }
}
