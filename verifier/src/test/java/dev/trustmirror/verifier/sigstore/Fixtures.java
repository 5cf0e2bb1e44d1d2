package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.testkit.sigstore.FulcioCertificate;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.LeafRequest;
import dev.trustmirror.testkit.sigstore.SignatureLayer;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.sigstore.TrustedRootBuilder;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The testkit's private Sigstore, as the verifier's tests use it. */
final class Fixtures {
  static final Instant SIGNED = SigstoreFixtures.DEFAULT_TIME;

  /** A day after signing: every 10-minute Fulcio certificate has expired. */
  static final Clock LATER = Clock.fixed(SIGNED.plus(Duration.ofDays(1)), ZoneOffset.UTC);

  static final String EMAIL = "dev@example.com";
  static final String ISSUER = "https://accounts.example.com";

  static final SigstoreFixtures SIGSTORE = SigstoreFixtures.create(7, SIGNED);

  static final SignedImage IMAGE =
      SignedImage.ofManifest(
          "registry.test:5000/team/app",
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
              .getBytes(StandardCharsets.UTF_8));

  private static TrustedRoot trustedRoot;
  private static FulcioCertificate certificate;

  private Fixtures() {}

  static Digest digest(SignedImage image) {
    try {
      return Digest.parse(image.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The trusted root of the four test services. */
  static synchronized TrustedRoot trustedRoot() {
    if (trustedRoot == null) {
      trustedRoot = trustedRoot(SIGSTORE.trustedRoot());
    }
    return trustedRoot;
  }

  static TrustedRoot trustedRoot(TrustedRootBuilder builder) {
    try {
      return TrustedRoot.parse(builder.toBytes(), "testkit trusted root");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Fulcio certificate for {@link #EMAIL} from {@link #ISSUER}. */
  static synchronized FulcioCertificate certificate() {
    if (certificate == null) {
      certificate = SIGSTORE.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER));
    }
    return certificate;
  }

  static CosignLayer layer(SignatureLayer layer) {
    return new CosignLayer(layer.payload(), layer.annotations());
  }

  static VerificationKey key(SigningKey key, String name) {
    try {
      return VerificationKey.parse(key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), name);
    } catch (InvalidPolicyException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeylessIdentity identity() {
    return identity(ISSUER, EMAIL);
  }

  static KeylessIdentity identity(String issuer, String subject) {
    return new KeylessIdentity(IdentityMatcher.exact(issuer), IdentityMatcher.exact(subject));
  }

  static SignatureVerifier keyless(boolean ignoreTlog, Clock clock) {
    return keyless(ignoreTlog, clock, trustedRoot());
  }

  static SignatureVerifier keyless(boolean ignoreTlog, Clock clock, TrustedRoot root) {
    return SignatureVerifier.create(
        VerificationPolicy.keyless(List.of(identity()), ignoreTlog, root), clock);
  }

  static SignatureVerifier keys(boolean ignoreTlog, VerificationKey... keys) {
    return SignatureVerifier.create(
        VerificationPolicy.keys(List.of(keys), ignoreTlog, trustedRoot()), LATER);
  }
}
