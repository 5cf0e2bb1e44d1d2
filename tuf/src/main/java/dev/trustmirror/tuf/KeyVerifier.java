package dev.trustmirror.tuf;

import dev.sigstore.tuf.encryption.Verifiers;
import dev.sigstore.tuf.model.ImmutableKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies TUF signatures of one key. The two schemes Sigstore's repository uses, {@code
 * ecdsa-sha2-nistp256} and {@code ed25519}, are verified with the JDK's own providers
 * (SHA256withECDSA and Ed25519 over a key parsed from its SubjectPublicKeyInfo), exactly the JCA
 * calls sigstore-java's TUF verifiers make. Everything else (RSA-PSS, unusual key types) goes to
 * sigstore-java's {@link Verifiers}. The split keeps BouncyCastle off the start-up path: loading
 * sigstore-java's {@code Verifiers} registers the whole BouncyCastle provider (about 700 classes, a
 * third of a cold start of {@code serve}). See ADR 0001.
 */
@FunctionalInterface
interface KeyVerifier {
  Pattern PEM =
      Pattern.compile(
          "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----\\s*",
          Pattern.DOTALL);

  /** True when {@code sig} is a valid signature of {@code data}; throws on malformed input. */
  boolean verify(byte[] data, byte[] sig) throws GeneralSecurityException;

  /**
   * The verifier of a TUF key ({@code keytype}, {@code scheme}, {@code keyval}), or empty when the
   * key cannot be used (unknown type, unparsable value): such a key can never make a signature
   * count.
   */
  static Optional<KeyVerifier> of(String keyType, String scheme, Map<String, String> keyVal) {
    String value = keyVal.get("public");
    if (value == null) {
      return Optional.empty();
    }
    boolean ecdsa = keyType.equals("ecdsa") || keyType.equals("ecdsa-sha2-nistp256");
    if (ecdsa && scheme.equals("ecdsa-sha2-nistp256")) {
      return jdkKey("EC", value)
          .filter(k -> k instanceof ECPublicKey)
          .map(k -> jca("SHA256withECDSA", k));
    }
    if (keyType.equals("ed25519") && scheme.equals("ed25519")) {
      return jdkKey("Ed25519", value).map(k -> jca("Ed25519", k));
    }
    return sigstoreJava(keyType, scheme, keyVal);
  }

  private static KeyVerifier jca(String algorithm, PublicKey key) {
    return (data, sig) -> {
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    };
  }

  /** A PEM SubjectPublicKeyInfo, or the hex forms of old Sigstore roots (see HexPublicKeys). */
  private static Optional<PublicKey> jdkKey(String algorithm, String value) {
    String pem =
        value.startsWith("-----BEGIN")
            ? value
            : HexPublicKeys.toPem(algorithm.equals("EC") ? "ecdsa" : "ed25519", value).orElse("");
    Matcher m = PEM.matcher(pem);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1).getBytes(StandardCharsets.US_ASCII));
      return Optional.of(
          KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<KeyVerifier> sigstoreJava(
      String keyType, String scheme, Map<String, String> keyVal) {
    try {
      dev.sigstore.tuf.encryption.Verifier v =
          Verifiers.newVerifier(
              ImmutableKey.builder().keyType(keyType).scheme(scheme).putAllKeyVal(keyVal).build());
      return Optional.of(v::verify);
    } catch (Exception | Error e) {
      // An unsupported or unparsable key cannot produce a valid signature.
      return Optional.empty();
    }
  }
}
