package dev.trustmirror.tuf;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Older TUF metadata (Sigstore roots 1-4) writes public keys as hex, not PEM: an uncompressed EC
 * point for {@code ecdsa-sha2-nistp256}, 32 raw bytes for {@code ed25519}. sigstore-java's
 * verifiers read PEM only, so such keys are converted to PEM first.
 */
final class HexPublicKeys {
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private HexPublicKeys() {}

  /** The PEM form of a hex-encoded key, or empty if it is not one we understand. */
  static Optional<String> toPem(String keyType, String hex) {
    byte[] raw;
    try {
      raw = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      if (keyType.startsWith("ecdsa") && raw.length == 65 && raw[0] == 4) {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPoint point =
            new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        byte[] spki =
            KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(point, spec))
                .getEncoded();
        return Optional.of(pem(spki));
      }
      if (keyType.equals("ed25519") && raw.length == 32) {
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return Optional.of(pem(spki));
      }
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
