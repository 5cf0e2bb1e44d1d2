package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-mirror verify-bundle}, the packaged jar, with the sigstore-conformance client
 * protocol's arguments: a keyless or key-based v0.3 bundle by the testkit's private Sigstore, for a
 * file or its {@code sha256:} digest.
 */
class VerifyBundleIT {
  private static final String ISSUER = "https://accounts.example.com";
  private static final String EMAIL = "dev@example.com";
  private static final String LATER =
      SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)).toString();
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(51, SigstoreFixtures.DEFAULT_TIME);

  @TempDir static Path dir;

  private static Path trustedRoot;
  private static Path artifact;
  private static SignedImage signed;
  private static FulcioCertificate certificate;

  @BeforeAll
  static void fixtures() throws IOException {
    trustedRoot = SIGSTORE.trustedRoot().writeTo(dir.resolve("trusted_root.json"));
    byte[] content = "a release artifact\n".getBytes(StandardCharsets.UTF_8);
    artifact = Files.write(dir.resolve("artifact.txt"), content);
    signed = SignedImage.ofManifest("artifact.txt", content);
    certificate = SIGSTORE.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER));
  }

  private static Path bundle(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json);
  }

  @Test
  void verifiesAKeylessBundleForAFileAndForItsDigest() throws IOException {
    Path bundle = bundle("keyless.json", SIGSTORE.bundles().messageSignature(signed, certificate));

    VerifyJar forFile =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            bundle.toString(),
            "--certificate-identity",
            EMAIL,
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
            trustedRoot.toString(),
            "--time",
            LATER,
            artifact.toString());
    VerifyJar forDigest =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            bundle.toString(),
            "--certificate-identity",
            EMAIL,
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
            trustedRoot.toString(),
            "--time",
            LATER,
            signed.digest());

    assertThat(forFile.exitCode()).as(forFile.toString()).isZero();
    assertThat(forFile.out())
        .startsWith("VERIFIED " + artifact + ": signature 1 by keyless issuer=" + ISSUER);
    assertThat(forDigest.exitCode()).as(forDigest.toString()).isZero();
    assertThat(forDigest.out()).startsWith("VERIFIED " + signed.digest());
  }

  @Test
  void verifiesAKeyBasedBundleAndRefusesAnotherFileOrIdentity() throws IOException {
    SigningKey key = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);
    Path keyFile = Files.writeString(dir.resolve("key.pub"), key.publicKeyPem());
    Path keyBundle = bundle("key.json", SIGSTORE.bundles().request(signed).key(key).build());
    Path keylessBundle =
        bundle("keyless2.json", SIGSTORE.bundles().messageSignature(signed, certificate));
    Path otherFile = Files.writeString(dir.resolve("other.txt"), "another artifact\n");

    VerifyJar byKey =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            keyBundle.toString(),
            "--key",
            keyFile.toString(),
            "--trusted-root",
            trustedRoot.toString(),
            "-o",
            "json",
            artifact.toString());
    VerifyJar otherArtifact =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            keyBundle.toString(),
            "--key",
            keyFile.toString(),
            "--trusted-root",
            trustedRoot.toString(),
            otherFile.toString());
    VerifyJar otherIdentity =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            keylessBundle.toString(),
            "--certificate-identity",
            "mallory@example.com",
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
            trustedRoot.toString(),
            "--time",
            LATER,
            artifact.toString());

    assertThat(byKey.exitCode()).as(byKey.toString()).isZero();
    assertThat(new ObjectMapper().readTree(byKey.out()).path("match").path("authority").asText())
        .isEqualTo("key 1");
    assertThat(otherArtifact.exitCode()).as(otherArtifact.toString()).isEqualTo(1);
    assertThat(otherArtifact.out()).startsWith("REFUSED " + otherFile);
    assertThat(otherIdentity.exitCode()).as(otherIdentity.toString()).isEqualTo(1);
    assertThat(otherIdentity.out()).contains("[SUBJECT_MISMATCH]");
  }

  @Test
  void refusesAMalformedBundleAndNeedsATrustedRootOffline() throws IOException {
    Path broken = bundle("broken.json", "{\"mediaType\":");

    VerifyJar malformed =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            broken.toString(),
            "--certificate-identity",
            EMAIL,
            "--certificate-oidc-issuer",
            ISSUER,
            "--trusted-root",
            trustedRoot.toString(),
            artifact.toString());
    VerifyJar noRoot =
        VerifyJar.run(
            "verify-bundle",
            "--bundle",
            broken.toString(),
            "--certificate-identity",
            EMAIL,
            "--certificate-oidc-issuer",
            ISSUER,
            artifact.toString());

    assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(1);
    assertThat(malformed.out()).contains("[MALFORMED_BUNDLE]");
    assertThat(noRoot.exitCode()).as(noRoot.toString()).isEqualTo(2);
    assertThat(noRoot.err()).contains("--trusted-root").contains("--help");
  }
}
