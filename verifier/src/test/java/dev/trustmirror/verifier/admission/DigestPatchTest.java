package dev.trustmirror.verifier.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.verifier.registry.Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestPatchTest {
  private static final Digest DIGEST = Fixtures.digest("image");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "nginx:1.27, nginx",
    "nginx, nginx",
    "docker.io/library/nginx:latest, docker.io/library/nginx",
    "localhost:5000/app:1, localhost:5000/app",
    "localhost:5000/app, localhost:5000/app",
    "registry.example:443/team/app:v1.2-rc.1, registry.example:443/team/app"
  })
  void replacesTheTagByTheDigestKeepingTheNameAsWritten(String image, String name) {
    assertThat(DigestPatch.pinned(image, DIGEST)).isEqualTo(name + "@" + DIGEST);
  }
}
