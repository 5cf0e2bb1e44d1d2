package dev.trustmirror.testkit.sigstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, raw and as lowercase hex. */
final class Sha256 {

  private Sha256() {}

  static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Tried to hash with SHA-256 but the JDK has none", e);
    }
  }

  static String hex(byte[] data) {
    return HexFormat.of().formatHex(digest(data));
  }
}
