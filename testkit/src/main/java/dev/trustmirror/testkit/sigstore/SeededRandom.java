package dev.trustmirror.testkit.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Deterministic randomness for fixtures: the same seed gives the same keys, serial numbers and
 * (ECDSA) signatures on every run with the same JDK, so a failing test can be replayed. Never use
 * it outside tests.
 */
public final class SeededRandom {

  private SeededRandom() {}

  /**
   * A {@code SHA1PRNG} seeded with {@code seed} and {@code label} before its first use, which makes
   * its output a function of the seed only (the JDK does not mix in system entropy then).
   */
  public static SecureRandom of(long seed, String label) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed((seed + "/" + label).getBytes(StandardCharsets.UTF_8));
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Tried to create a SHA1PRNG but the JDK has none", e);
    }
  }
}
