package dev.trustmirror.verifier.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
  private static final String HEX = "0123456789abcdef".repeat(4);
  private static final String DIGEST = "sha256:" + HEX;

  static Stream<Arguments> valid() {
    return Stream.of(
        // input, registry, path, tag, digest, canonical
        Arguments.of(
            "alpine", "docker.io", "library/alpine", null, null, "docker.io/library/alpine"),
        Arguments.of(
            "alpine:3.19",
            "docker.io",
            "library/alpine",
            "3.19",
            null,
            "docker.io/library/alpine:3.19"),
        Arguments.of("team/app", "docker.io", "team/app", null, null, "docker.io/team/app"),
        Arguments.of(
            "docker.io/alpine",
            "docker.io",
            "library/alpine",
            null,
            null,
            "docker.io/library/alpine"),
        Arguments.of(
            "index.docker.io/team/app:v1",
            "docker.io",
            "team/app",
            "v1",
            null,
            "docker.io/team/app:v1"),
        Arguments.of("localhost/app", "localhost", "app", null, null, "localhost/app"),
        Arguments.of(
            "localhost:5000/app:v1", "localhost:5000", "app", "v1", null, "localhost:5000/app:v1"),
        Arguments.of(
            "127.0.0.1:5000/a/b/c", "127.0.0.1:5000", "a/b/c", null, null, "127.0.0.1:5000/a/b/c"),
        Arguments.of("GHCR.IO/org/app", "GHCR.IO", "org/app", null, null, "GHCR.IO/org/app"),
        // an uppercase first component is a registry, as docker reads it
        Arguments.of("Registry/app", "Registry", "app", null, null, "Registry/app"),
        Arguments.of(
            "ghcr.io/org/app@" + DIGEST,
            "ghcr.io",
            "org/app",
            null,
            DIGEST,
            "ghcr.io/org/app@" + DIGEST),
        Arguments.of(
            "ghcr.io/org/app:v1@" + DIGEST,
            "ghcr.io",
            "org/app",
            "v1",
            DIGEST,
            "ghcr.io/org/app:v1@" + DIGEST),
        Arguments.of(
            "my-registry.example.com:443/a.b_c__d---e/f",
            "my-registry.example.com:443",
            "a.b_c__d---e/f",
            null,
            null,
            "my-registry.example.com:443/a.b_c__d---e/f"),
        Arguments.of(
            "app:_tag-1.2",
            "docker.io",
            "library/app",
            "_tag-1.2",
            null,
            "docker.io/library/app:_tag-1.2"),
        Arguments.of(
            "app:" + "T".repeat(128),
            "docker.io",
            "library/app",
            "T".repeat(128),
            null,
            "docker.io/library/app:" + "T".repeat(128)),
        // "localhost:5000" alone is the Docker Hub image "localhost" with tag "5000", as docker
        // reads it
        Arguments.of(
            "localhost:5000",
            "docker.io",
            "library/localhost",
            "5000",
            null,
            "docker.io/library/localhost:5000"));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parsesDockerReferences(
      String input, String registry, String path, String tag, String digest, String canonical)
      throws Exception {
    ImageReference ref = ImageReference.parse(input);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository().path()).isEqualTo(path);
    assertThat(ref.tag().map(Tag::name)).isEqualTo(Optional.ofNullable(tag));
    assertThat(ref.digest().map(Digest::toString)).isEqualTo(Optional.ofNullable(digest));
    assertThat(ref).hasToString(canonical);
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void defaultsToLatestAndDigestReplacesTag() throws Exception {
    ImageReference ref = ImageReference.parse("app");
    assertThat(ref.tagOrLatest()).isEqualTo(Tag.LATEST);
    ImageReference pinned = ImageReference.parse("app:v1").withDigest(Digest.parse(DIGEST));
    assertThat(pinned).hasToString("docker.io/library/app@" + DIGEST);
    assertThat(pinned.tag()).isEmpty();
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("", InvalidReferenceException.Rule.EMPTY, null),
        Arguments.of("x".repeat(2000), InvalidReferenceException.Rule.NAME_TOO_LONG, null),
        Arguments.of(
            "example.com/" + "a".repeat(250), InvalidReferenceException.Rule.NAME_TOO_LONG, null),
        Arguments.of("Foo", InvalidReferenceException.Rule.UPPERCASE_REPOSITORY, null),
        Arguments.of("ghcr.io/Org/App", InvalidReferenceException.Rule.UPPERCASE_REPOSITORY, null),
        Arguments.of("../etc/passwd", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("ghcr.io/../app", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/a/./b", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io//app", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/app/", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("/app", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("app bar", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("app\nbar", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/-app", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/app-", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/a___b", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/a._b", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/\u0430pp", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("ghcr.io/app%2f..", InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of("http://ghcr.io/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("ghcr.io:99999/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("ghcr.io:0/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("ghcr.io:/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("-ghcr.io/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("ghcr..io/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("ghcr.io./app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of("[::1]:5000/app", InvalidReferenceException.Rule.INVALID_REGISTRY, null),
        Arguments.of(
            "user@ghcr.io/app",
            InvalidReferenceException.Rule.INVALID_DIGEST,
            InvalidDigestException.Rule.MISSING_ALGORITHM),
        Arguments.of("app:", InvalidReferenceException.Rule.INVALID_TAG, null),
        Arguments.of("app:.hidden", InvalidReferenceException.Rule.INVALID_TAG, null),
        Arguments.of("app:-x", InvalidReferenceException.Rule.INVALID_TAG, null),
        Arguments.of("app:" + "t".repeat(129), InvalidReferenceException.Rule.INVALID_TAG, null),
        Arguments.of("app:v1;rm", InvalidReferenceException.Rule.INVALID_TAG, null),
        Arguments.of(
            "app@",
            InvalidReferenceException.Rule.INVALID_DIGEST,
            InvalidDigestException.Rule.MISSING_ALGORITHM),
        Arguments.of(
            "app@sha256:abc",
            InvalidReferenceException.Rule.INVALID_DIGEST,
            InvalidDigestException.Rule.WRONG_LENGTH),
        Arguments.of(
            "app@md5:" + "a".repeat(32),
            InvalidReferenceException.Rule.INVALID_DIGEST,
            InvalidDigestException.Rule.UNSUPPORTED_ALGORITHM),
        Arguments.of(
            "app@sha256:" + HEX.toUpperCase(),
            InvalidReferenceException.Rule.INVALID_DIGEST,
            InvalidDigestException.Rule.INVALID_HEX),
        Arguments.of(
            "app@" + DIGEST + "@" + DIGEST,
            InvalidReferenceException.Rule.INVALID_DIGEST,
            InvalidDigestException.Rule.WRONG_LENGTH),
        Arguments.of("@" + DIGEST, InvalidReferenceException.Rule.INVALID_PATH, null),
        Arguments.of(":latest", InvalidReferenceException.Rule.INVALID_PATH, null));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void refusesHostileReferencesWithTheRuleTheyBreak(
      String input, InvalidReferenceException.Rule rule, InvalidDigestException.Rule digestRule) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.input()).isEqualTo(input);
              assertThat(e.digestRule()).isEqualTo(Optional.ofNullable(digestRule));
              assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(700);
            });
  }

  @Test
  void repositoryParseRefusesTagsAndDigests() throws Exception {
    assertThat(Repository.parse("127.0.0.1:5000/app")).hasToString("127.0.0.1:5000/app");
    assertThatThrownBy(() -> Repository.parse("127.0.0.1:5000/app:v1"))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> assertThat(e.rule()).isEqualTo(InvalidReferenceException.Rule.INVALID_PATH));
  }

  @Test
  void cosignAndReferrersTagsFollowTheirSchemes() throws Exception {
    Digest digest = Digest.parse(DIGEST);
    assertThat(Tag.cosignSignature(digest).name()).isEqualTo("sha256-" + HEX + ".sig");
    assertThat(Tag.referrersFallback(digest).name()).isEqualTo("sha256-" + HEX);
    assertThatThrownBy(() -> Tag.cosignSignature(Digest.parse("sha512:" + HEX + HEX)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tag.parse("a:b"))
        .isInstanceOfSatisfying(
            InvalidReferenceException.class,
            e -> assertThat(e.rule()).isEqualTo(InvalidReferenceException.Rule.INVALID_TAG));
  }
}
