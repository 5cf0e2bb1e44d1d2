package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryCredentialsTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static RegistryCredentials parse(String json) throws Exception {
    return RegistryCredentials.parseDockerConfig(
        json.getBytes(StandardCharsets.UTF_8), "config.json");
  }

  @Test
  void readsAuthAndUsernamePasswordEntries() throws Exception {
    RegistryCredentials credentials =
        parse(
            """
            {"auths": {
              "127.0.0.1:5000": {"auth": "%s"},
              "ghcr.io": {"username": "bob", "password": "pa:ss"},
              "quay.io": {"auth": "%s", "username": "carol", "password": "x"},
              "helper-only.example": {}
            },
            "credsStore": "desktop"}
            """
                .formatted(b64("alice:s3cret:with:colons"), b64("carol:x")));
    assertThat(credentials.find("127.0.0.1:5000"))
        .contains(new Credentials("alice", "s3cret:with:colons"));
    assertThat(credentials.find("GHCR.io")).contains(new Credentials("bob", "pa:ss"));
    assertThat(credentials.find("quay.io")).contains(new Credentials("carol", "x"));
    assertThat(credentials.find("helper-only.example")).isEmpty();
    assertThat(credentials.find("127.0.0.1:5001")).isEmpty();
  }

  @Test
  void matchesDockerHubAliasesAndPrefersAnExactKey() throws Exception {
    RegistryCredentials legacy =
        parse("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
    assertThat(legacy.find("docker.io")).contains(new Credentials("hub", "pw"));
    RegistryCredentials both =
        parse(
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("old:pw")
                + "\"},\"docker.io\":{\"auth\":\""
                + b64("new:pw")
                + "\"}}}");
    assertThat(both.find("docker.io")).contains(new Credentials("new", "pw"));
    RegistryCredentials withScheme =
        parse(
            "{\"auths\":{\"https://registry.example:8443/some/path\":{\"auth\":\""
                + b64("u:p")
                + "\"}}}");
    assertThat(withScheme.find("registry.example:8443")).contains(new Credentials("u", "p"));
  }

  @Test
  void readsAKubernetesDockerConfigJsonSecretAndFiles(@TempDir Path dir) throws Exception {
    // A kubernetes.io/dockerconfigjson Secret's data[".dockerconfigjson"] is base64 of this JSON.
    String secretData =
        b64("{\"auths\":{\"registry.internal:5000\":{\"username\":\"sa\",\"password\":\"tok\"}}}");
    RegistryCredentials fromSecret =
        RegistryCredentials.parseDockerConfig(
            Base64.getDecoder().decode(secretData), "secret ns/pull");
    assertThat(fromSecret.find("registry.internal:5000")).contains(new Credentials("sa", "tok"));

    Path file = Files.writeString(dir.resolve("config.json"), "{\"auths\":{}}");
    assertThat(RegistryCredentials.readDockerConfig(file).registries()).isEmpty();
    assertThat(parse("{}").registries()).isEmpty();
  }

  @Test
  void neverShowsPasswords() {
    assertThat(new Credentials("alice", "s3cret").toString()).doesNotContain("s3cret");
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("not json", RegistryConfigException.Rule.MALFORMED_JSON, null),
        Arguments.of("[]", RegistryConfigException.Rule.MALFORMED_JSON, null),
        Arguments.of("{\"auths\":[]}", RegistryConfigException.Rule.WRONG_TYPE, null),
        Arguments.of("{\"auths\":{\"h\":\"x\"}}", RegistryConfigException.Rule.WRONG_TYPE, "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":7}}}", RegistryConfigException.Rule.WRONG_TYPE, "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":\"%%%\"}}}", RegistryConfigException.Rule.BAD_BASE64, "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'})
                + "\"}}}",
            RegistryConfigException.Rule.BAD_BASE64,
            "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":\"" + b64("nocolon") + "\"}}}",
            RegistryConfigException.Rule.MISSING_SEPARATOR,
            "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":\"" + b64(":pw") + "\"}}}",
            RegistryConfigException.Rule.INCOMPLETE_CREDENTIALS,
            "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":\"" + b64("user:") + "\"}}}",
            RegistryConfigException.Rule.INCOMPLETE_CREDENTIALS,
            "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"username\":\"u\"}}}",
            RegistryConfigException.Rule.INCOMPLETE_CREDENTIALS,
            "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"password\":\"p\"}}}",
            RegistryConfigException.Rule.INCOMPLETE_CREDENTIALS,
            "h"),
        Arguments.of(
            "{\"auths\":{\"h\":{\"auth\":\""
                + b64("a:b")
                + "\",\"username\":\"c\",\"password\":\"d\"}}}",
            RegistryConfigException.Rule.CONFLICTING_CREDENTIALS,
            "h"));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void refusesBrokenConfigsWithoutLeakingSecrets(
      String json, RegistryConfigException.Rule rule, String entry) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            RegistryConfigException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.entry()).isEqualTo(Optional.ofNullable(entry));
              assertThat(e.source()).isEqualTo("config.json");
              assertThat(e.getMessage()).doesNotContain("nocolon", "pw", b64("a:b"));
            });
  }

  @Test
  void ofNormalizesKeys() {
    RegistryCredentials credentials =
        RegistryCredentials.of(Map.of("https://Index.Docker.io/v1/", new Credentials("u", "p")));
    assertThat(credentials.find("docker.io")).contains(new Credentials("u", "p"));
    assertThat(credentials.registries()).containsExactly("docker.io");
  }
}
