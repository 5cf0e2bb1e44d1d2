package dev.trustmirror.testkit.registry;

import java.security.SecureRandom;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * An htpasswd file in the bcrypt form docker-registry accepts ({@code user:$2y$...}), made with
 * BouncyCastle's {@link OpenBSDBCrypt} instead of apache2-utils' {@code htpasswd -B}.
 */
public final class Htpasswd {
  /** Low cost: these are test passwords, and every registry request checks one. */
  private static final int COST = 5;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Htpasswd() {}

  /** One line per user, in map order, each ending with a newline. */
  public static String of(Map<String, String> passwordsByUser) {
    StringBuilder out = new StringBuilder();
    passwordsByUser.forEach((user, password) -> out.append(line(user, password)).append('\n'));
    return out.toString();
  }

  /** {@code user:$2y$05$...}. */
  public static String line(String user, String password) {
    if (user.isEmpty() || user.contains(":") || user.contains("\n")) {
      throw new IllegalArgumentException(
          "An htpasswd user name is non-empty without ':' or newline");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return user + ":" + OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, COST);
  }
}
