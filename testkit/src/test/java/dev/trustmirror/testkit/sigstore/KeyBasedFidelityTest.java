package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sigstore.encryption.Keys;
import dev.sigstore.encryption.signers.Verifier;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.rekor.client.HashedRekordRequest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sigstore-java 2.0.0's {@code Verifiers.newVerifier} checks cosign key-based signatures made with
 * each key type, the key read back from the PEM we export.
 */
class KeyBasedFidelityTest {

  static final SignedImage IMAGE =
      SignedImage.ofManifest("registry.test/app", "manifest".getBytes(StandardCharsets.UTF_8));

  final SigstoreFixtures sigstore = SigstoreFixtures.create(31, SigstoreFixtures.DEFAULT_TIME);

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void verifiesKeyBasedSignatureWithTheExportedPem(KeyAlgorithm algorithm) throws Exception {
    SigningKey key = sigstore.newKey(algorithm);
    SignatureLayer layer = sigstore.cosign().keyBased(IMAGE, key);

    Verifier verifier = Verifiers.newVerifier(parsePem(key.publicKeyPem(), algorithm));
    byte[] signature =
        Base64.getDecoder().decode(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());

    assertThat(verifier.verify(layer.payload(), signature)).isTrue();
    assertThat(verifier.verify(SimpleSigningPayload.of(otherImage()), signature)).isFalse();
    assertThat(layer.annotations()).containsOnlyKeys(SignatureLayer.SIGNATURE);
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = "ED25519", mode = EnumSource.Mode.EXCLUDE)
  void digestSignatureVerifiesAsSigstoreJavaVerifiesDigests(KeyAlgorithm algorithm)
      throws Exception {
    SigningKey key = sigstore.newKey(algorithm);
    byte[] digest = IMAGE.digestBytes();

    Verifier verifier = Verifiers.newVerifier(key.publicKey());

    assertThat(verifier.verifyDigest(digest, key.signDigest(digest))).isTrue();
    // A digest signature is a message signature over a message with that digest.
    byte[] message = "message".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(message, key.signDigest(Sha256.digest(message)))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"ECDSA_P256", "ECDSA_P384", "RSA_2048"})
  void keyBasedTlogEntryIsTheBodySigstoreJavaRebuilds(KeyAlgorithm algorithm) throws Exception {
    SigningKey key = sigstore.newKey(algorithm);
    SignatureLayer layer = sigstore.cosign().keyBasedWithTlog(IMAGE, key);
    byte[] signature =
        Base64.getDecoder().decode(layer.annotation(SignatureLayer.SIGNATURE).orElseThrow());

    var entry =
        RekorFidelityTest.fromAnnotation(
            layer.annotation(SignatureLayer.BUNDLE).orElseThrow(), null);
    String body = new String(Base64.getDecoder().decode(entry.getBody()), StandardCharsets.UTF_8);

    assertThat(body)
        .isEqualTo(
            HashedRekordRequest.newHashedRekordRequest(
                    Sha256.digest(layer.payload()),
                    key.publicKeyPem().getBytes(StandardCharsets.UTF_8),
                    signature)
                .toJsonPayload());
  }

  static PublicKey parsePem(String pem, KeyAlgorithm algorithm) throws Exception {
    try (var parser = new PEMParser(new StringReader(pem))) {
      byte[] der = ((SubjectPublicKeyInfo) parser.readObject()).getEncoded();
      return switch (algorithm) {
        case ECDSA_P256, ECDSA_P384 -> Keys.parseEcdsa(der);
        case RSA_2048 -> Keys.parseRsa(der);
        case ED25519 -> Keys.parseEd25519(der);
      };
    }
  }

  static SignedImage otherImage() {
    return SignedImage.ofManifest("registry.test/app", "other".getBytes(StandardCharsets.UTF_8));
  }
}
