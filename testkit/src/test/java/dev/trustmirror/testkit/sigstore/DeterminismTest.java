package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The same seed and clock give the same fixtures, byte for byte; another seed gives others. */
class DeterminismTest {

  static final SignedImage IMAGE =
      SignedImage.ofManifest("registry.test/app", "manifest".getBytes(StandardCharsets.UTF_8));

  @Test
  void sameSeedAndClockGiveIdenticalTrustedRootCertificateAndBundle() throws Exception {
    SigstoreFixtures first = SigstoreFixtures.create(5, SigstoreFixtures.DEFAULT_TIME);
    SigstoreFixtures second = SigstoreFixtures.create(5, SigstoreFixtures.DEFAULT_TIME);

    assertThat(first.trustedRoot().toBytes()).isEqualTo(second.trustedRoot().toBytes());
    FulcioCertificate a =
        first.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://i"));
    FulcioCertificate b =
        second.fulcio().issue(LeafRequest.of(Identity.email("a@b.test"), "https://i"));
    assertThat(a.leaf().getEncoded()).isEqualTo(b.leaf().getEncoded());
    assertThat(first.bundles().request(IMAGE).certificate(a).timestamp(true).build())
        .isEqualTo(second.bundles().request(IMAGE).certificate(b).timestamp(true).build());
  }

  @Test
  void anotherSeedGivesOtherKeys() {
    SigstoreFixtures first = SigstoreFixtures.create(5, SigstoreFixtures.DEFAULT_TIME);
    SigstoreFixtures other = SigstoreFixtures.create(6, SigstoreFixtures.DEFAULT_TIME);

    assertThat(first.rekor().logId()).isNotEqualTo(other.rekor().logId());
    assertThat(first.trustedRoot().toBytes()).isNotEqualTo(other.trustedRoot().toBytes());
  }
}
