package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad usage of {@code verify image} and {@code verify-bundle}: a short error and exit 2. */
class VerifyUsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"verify", "verify image", "verify-bundle"})
  void hasHelp(String command) {
    Cli c = Cli.run((command + " --help").split(" "));
    assertThat(c.exitCode()).isZero();
    assertThat(c.out()).contains("Usage:").contains("Exit codes:");
  }

  @Test
  void needsExactlyOneTrustedRootSource() {
    Cli none = Cli.run("verify", "image", "registry.test/app:v1", "--key", "k.pub");
    Cli two =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--key",
            "k.pub",
            "--repo",
            "/x",
            "--trusted-root",
            "/y");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--trusted-root").contains("--help");
    assertThat(two.exitCode()).isEqualTo(2);
  }

  @Test
  void needsAKeyOrAKeylessIdentityWithItsIssuer() {
    Cli nothing = Cli.run("verify", "image", "registry.test/app:v1", "--trusted-root", "/x");
    Cli identityOnly =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--trusted-root",
            "/x",
            "--certificate-identity",
            "a@b");
    Cli both =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--trusted-root",
            "/x",
            "--certificate-identity",
            "a@b",
            "--certificate-identity-regexp",
            ".*");

    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err()).contains("--key").contains("--certificate-identity");
    assertThat(identityOnly.exitCode()).isEqualTo(2);
    assertThat(identityOnly.err()).contains("--certificate-oidc-issuer");
    assertThat(both.exitCode()).isEqualTo(2);
  }

  @Test
  void refusesABadReferenceRegexpOrHostAsUsage() {
    Cli reference = Cli.run("verify", "image", "Registry.test/App:v1", "--trusted-root", "/x");
    Cli regexp =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--trusted-root",
            "/x",
            "--certificate-identity-regexp",
            "(",
            "--certificate-oidc-issuer",
            "i");
    Cli host =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--trusted-root",
            "/x",
            "--certificate-identity",
            "a",
            "--certificate-oidc-issuer",
            "i",
            "--insecure-registry",
            "http://x/");

    assertThat(reference.exitCode()).isEqualTo(2);
    assertThat(reference.err()).contains("uppercase");
    assertThat(regexp.exitCode()).isEqualTo(2);
    assertThat(regexp.err()).contains("pattern");
    assertThat(host.exitCode()).isEqualTo(2);
    assertThat(host.err()).contains("insecure registry");
  }

  @Test
  void anUnreadableKeyIsAnIoErrorAndATrustRootOptionOutOfPlaceIsUsage() {
    Cli key =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--trusted-root",
            "/x",
            "--key",
            "/no/such/key.pub");
    Cli root =
        Cli.run(
            "verify",
            "image",
            "registry.test/app:v1",
            "--trusted-root",
            "/x",
            "--key",
            "/no/such/key.pub",
            "--root",
            "/r.json");

    assertThat(key.exitCode()).isEqualTo(3);
    assertThat(key.err())
        .startsWith("FAILED: Tried to read /no/such/key.pub but failed because it does not exist");
    assertThat(root.exitCode()).isEqualTo(2);
    assertThat(root.err()).contains("--trustroot");
  }

  @Test
  void verifyBundleNeedsAnIdentityAndIssuerTogetherOrAKey() {
    Cli issuerMissing =
        Cli.run(
            "verify-bundle",
            "--bundle",
            "b.json",
            "--certificate-identity",
            "a@b",
            "--trusted-root",
            "/x",
            "file");
    Cli both =
        Cli.run(
            "verify-bundle",
            "--bundle",
            "b.json",
            "--certificate-identity",
            "a@b",
            "--certificate-oidc-issuer",
            "i",
            "--key",
            "k.pub",
            "--trusted-root",
            "/x",
            "file");
    Cli badDigest =
        Cli.run(
            "verify-bundle",
            "--bundle",
            "/dev/null",
            "--key",
            "/dev/null",
            "--trusted-root",
            "/x",
            "sha256:abc");

    assertThat(issuerMissing.exitCode()).isEqualTo(2);
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(badDigest.exitCode()).isEqualTo(2);
    assertThat(badDigest.err()).contains("sha256:abc");
  }
}
