package dev.trustmirror.testkit.tuf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of file contents, as TUF lists them in {@code hashes}. */
final class Digests {

  private Digests() {}

  static String sha256Hex(byte[] data) {
    return hex("SHA-256", data);
  }

  static String sha512Hex(byte[] data) {
    return hex("SHA-512", data);
  }

  private static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no " + algorithm, e);
    }
  }
}
