package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Objects;
import java.util.Optional;

/**
 * A Docker {@code config.json} (or a {@code kubernetes.io/dockerconfigjson} Secret's {@code
 * .dockerconfigjson}) that cannot be used. Messages name the file and the registry entry, never a
 * credential. Tests assert {@link #rule()} and {@link #entry()}.
 */
public final class RegistryConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the configuration. */
  public enum Rule {
    /** Not JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** {@code auths} or one of its entries is not an object, or a field is not a string. */
    WRONG_TYPE,
    /** An {@code auth} value is not base64. */
    BAD_BASE64,
    /** A decoded {@code auth} value has no {@code :} between user name and password. */
    MISSING_SEPARATOR,
    /** A user name without password or the reverse, or an empty user name. */
    INCOMPLETE_CREDENTIALS,
    /** {@code auth} and {@code username}/{@code password} are both given and disagree. */
    CONFLICTING_CREDENTIALS
  }

  private final Rule rule;
  private final String source;
  private final String entry;

  RegistryConfigException(Rule rule, String source, String entry, String why, Throwable cause) {
    super(
        "Tried to read registry credentials from "
            + source
            + (entry == null ? "" : " (entry '" + UntrustedText.of(entry) + "')")
            + " but failed because "
            + why,
        cause);
    this.rule = Objects.requireNonNull(rule);
    this.source = source;
    this.entry = entry;
  }

  /** What is wrong. */
  public Rule rule() {
    return rule;
  }

  /** The file or Secret read. */
  public String source() {
    return source;
  }

  /** The {@code auths} key at fault, when one is. */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }
}
