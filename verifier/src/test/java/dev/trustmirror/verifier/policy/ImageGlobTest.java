package dev.trustmirror.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.registry.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageGlobTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
    // Docker Hub: references and globs are both normalised to docker.io/library/...
    "docker.io/library/nginx, nginx, true",
    "docker.io/library/nginx, docker.io/library/nginx:latest, true",
    "docker.io/library/nginx, index.docker.io/library/nginx, true",
    "nginx, docker.io/library/nginx, true",
    "index.docker.io/library/nginx, nginx, true",
    "library/nginx, nginx:1.27, true",
    "docker.io/nginx, nginx, true",
    "bitnami/*, bitnami/redis:7, true",
    "bitnami/*, docker.io/bitnami/redis, true",
    "bitnami/*, ghcr.io/bitnami/redis, false",
    // policy-controller's two shorthands
    "*, nginx, true",
    "*, bitnami/redis, false",
    "*/*, bitnami/redis, true",
    "*/*, nginx, true",
    "*/*, ghcr.io/acme/app, false",
    // '*' stays within one segment, '**' crosses segments
    "ghcr.io/acme/*, ghcr.io/acme/app, true",
    "ghcr.io/acme/*, ghcr.io/acme/team/app, false",
    "ghcr.io/acme/**, ghcr.io/acme/team/app, true",
    "ghcr.io/acme/**, ghcr.io/acme/app, true",
    "ghcr.io/acme/**, ghcr.io/acmecorp/app, false",
    "ghcr.io/acme**, ghcr.io/acmecorp/app, true",
    "ghcr.io/*/app, ghcr.io/x/app, true",
    "ghcr.io/*/app, ghcr.io/x/y/app, false",
    "ghcr.io/**/app, ghcr.io/x/y/app, true",
    "ghcr.io/acme/app-*, ghcr.io/acme/app-web, true",
    "ghcr.io/acme/app-*, ghcr.io/acme/app, false",
    "registry.example/team/**, registry.example/team, false",
    "**, ghcr.io/acme/app, true",
    "**, nginx, true",
    "*/**, ghcr.io/acme, true",
    "*.gcr.io/**, eu.gcr.io/project/app, true",
    "*.gcr.io/**, gcr.io/project/app, false",
    // whole names only: no prefix or suffix match, dots are dots
    "ghcr.io/acme, ghcr.io/acme-suffix, false",
    "ghcr.io/acme, ghcr.io/acme/app, false",
    "ghcr.io/**, ghcrxio/foo, false",
    // registries with ports, and case
    "localhost:5000/**, localhost:5000/app:1, true",
    "127.0.0.1:5000/team/*, 127.0.0.1:5000/team/app, true",
    "GHCR.io/Acme/**, ghcr.io/acme/app, true",
    "ghcr.io/acme/**, GHCR.io/acme/app, true"
  })
  void matchesNormalisedRepositoryNames(String glob, String image, boolean expected)
      throws Exception {
    assertThat(ImageGlob.parse(glob).matches(ImageReference.parse(image))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ghcr.io/acme/app, ghcr.io/acme/app:v1",
    "ghcr.io/acme/app, ghcr.io/acme/app@" + DIGEST,
    "ghcr.io/acme/app, ghcr.io/acme/app:v1@" + DIGEST,
    "docker.io/library/nginx, nginx@" + DIGEST
  })
  void ignoresTagsAndDigestsOfTheImage(String glob, String image) throws Exception {
    assertThat(ImageGlob.parse(glob).matches(ImageReference.parse(image))).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "nginx, docker.io/library/nginx",
    "index.docker.io/bitnami/*, docker.io/bitnami/*",
    "*, docker.io/library/*",
    "GHCR.io/Acme/**, ghcr.io/acme/**",
    "localhost/app, localhost/app"
  })
  void normalisesLikeReferences(String glob, String normalized) throws Exception {
    assertThat(ImageGlob.parse(glob).normalized()).isEqualTo(normalized);
    assertThat(ImageGlob.parse(glob).text()).isEqualTo(glob);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource({
    "'', EMPTY",
    "'ghcr.io/[a-z]*', INVALID_GLOB",
    "'.+', INVALID_GLOB",
    "'ghcr.io/app:v1', INVALID_GLOB",
    "'ghcr.io/app:*', INVALID_GLOB",
    "'ghcr.io/app@sha256:00', INVALID_GLOB",
    "'ghcr.io//app', INVALID_GLOB",
    "'/ghcr.io/app', INVALID_GLOB",
    "'ghcr.io/app/', INVALID_GLOB",
    "'ghcr.io/***', INVALID_GLOB",
    "'ghcr.io', INVALID_GLOB",
    "'nginx*', INVALID_GLOB",
    "'ghcr.io/app\t', INVALID_GLOB",
    "'ghcr.io/ app', INVALID_GLOB"
  })
  void refusesGlobsThatBreakTheGrammarOrNeverMatch(String glob, Rule rule) {
    assertThatThrownBy(() -> ImageGlob.parse(glob))
        .isInstanceOfSatisfying(
            InvalidImageTrustPolicyException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo("glob");
            });
  }

  @Test
  void refusesGlobsLongerThanTheCrdAllows() {
    String glob = "ghcr.io/" + "a".repeat(ImageGlob.MAX_LENGTH);
    assertThatThrownBy(() -> ImageGlob.parse(glob))
        .isInstanceOfSatisfying(
            InvalidImageTrustPolicyException.class,
            e -> assertThat(e.rule()).isEqualTo(Rule.TOO_LONG));
  }

  @Test
  void matchesPathologicalGlobsWithoutBacktracking() throws Exception {
    // a regular expression would try every split of the name for each '**'
    ImageGlob glob = ImageGlob.parse("**a**a**a**a**a**a**a**a**a**a**a**a**b");
    String name = "ghcr.io/" + "a/".repeat(110) + "a";
    assertThat(glob.matchesName(name)).isFalse();
    assertThat(glob.matchesName(name + "b")).isTrue();
  }

  @Test
  void matchesExactlyAsTheFullDynamicProgrammeOnRandomGlobsAndNames() throws Exception {
    // the matcher skips the literal prefix and shortcuts "prefix/**"; a plain recursive matcher
    // over the whole glob must agree on every pair
    java.util.Random random = new java.util.Random(20261123);
    String[] globParts = {"a", "b", "/", ".", "*", "**", "ab"};
    String[] nameParts = {"a", "b", "/", ".", "ab", "ba"};
    int compared = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder glob = new StringBuilder("r.io/");
      for (int i = random.nextInt(6); i >= 0; i--) {
        glob.append(globParts[random.nextInt(globParts.length)]);
      }
      ImageGlob parsed;
      try {
        parsed = ImageGlob.parse(glob.toString());
      } catch (InvalidImageTrustPolicyException e) {
        continue; // e.g. "//" or "***": refused, nothing to match
      }
      StringBuilder name = new StringBuilder("r.io/");
      for (int i = random.nextInt(6); i >= 0; i--) {
        name.append(nameParts[random.nextInt(nameParts.length)]);
      }
      String n = name.toString();
      assertThat(parsed.matchesName(n))
          .as("%s ~ %s", parsed.normalized(), n)
          .isEqualTo(reference(parsed.normalized(), 0, n, 0));
      compared++;
    }
    assertThat(compared).isGreaterThan(5_000);
  }

  /** Plain recursion (exponential, fine for short inputs): '**' any, '*' no '/', else equal. */
  private static boolean reference(String glob, int g, String name, int n) {
    if (g == glob.length()) {
      return n == name.length();
    }
    if (glob.startsWith("**", g)) {
      for (int k = n; k <= name.length(); k++) {
        if (reference(glob, g + 2, name, k)) {
          return true;
        }
      }
      return false;
    }
    if (glob.charAt(g) == '*') {
      for (int k = n; k <= name.length(); k++) {
        if (reference(glob, g + 1, name, k)) {
          return true;
        }
        if (k < name.length() && name.charAt(k) == '/') {
          return false;
        }
      }
      return false;
    }
    return n < name.length()
        && glob.charAt(g) == name.charAt(n)
        && reference(glob, g + 1, name, n + 1);
  }
}
