package dev.trustmirror.verifier.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password (or token used as password) for a registry. {@link #toString()} never
 * shows the password.
 *
 * @param username the user name
 * @param password the password
 */
public record Credentials(String username, String password) {
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty() || username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("A registry user name is non-empty and has no ':'");
    }
  }

  /** The value of an {@code Authorization} header for Basic authentication. */
  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
