package dev.trustmirror.verifier.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A manifest or index (or a registry header about one) that is not well formed: not JSON, wrong
 * schema version, unknown or contradictory media type, a descriptor with a bad digest, size or
 * media type. Tests assert {@link #rule()} and {@link #field()}, never the message.
 */
public final class MalformedManifestException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** The rule the content broke. */
  public enum Rule {
    /** Not JSON (syntax error, invalid UTF-8, trailing content, nesting too deep). */
    NOT_JSON,
    /** A JSON object has the same key twice (parsers could disagree on which one counts). */
    DUPLICATE_KEY,
    /** The top level, or a field, has the wrong JSON type. */
    WRONG_TYPE,
    /** A required field is missing. */
    MISSING_FIELD,
    /** {@code schemaVersion} is missing or not 2. */
    SCHEMA_VERSION,
    /** The media type is none of the manifest and index types, or is not a media type. */
    UNKNOWN_MEDIA_TYPE,
    /** The {@code mediaType} field and the {@code Content-Type} header disagree. */
    MEDIA_TYPE_CONFLICT,
    /**
     * Index fields in a manifest or manifest fields in an index ({@code manifests} and {@code
     * layers}).
     */
    KIND_CONFLICT,
    /** A descriptor's digest is not a digest. */
    BAD_DIGEST,
    /** A descriptor's size is negative. */
    NEGATIVE_SIZE,
    /** A manifest was expected and an index came, or the reverse. */
    UNEXPECTED_KIND,
    /** The {@code Docker-Content-Digest} header is not a digest. */
    BAD_DIGEST_HEADER
  }

  private final Rule rule;
  private final String field;

  MalformedManifestException(Rule rule, String location, String field, String why) {
    this(rule, location, field, why, null);
  }

  MalformedManifestException(
      Rule rule, String location, String field, String why, Throwable cause) {
    super(
        location,
        "Refused the manifest from "
            + location
            + " because "
            + (field == null ? "" : "(at " + field + ") ")
            + why,
        cause);
    this.rule = Objects.requireNonNull(rule);
    this.field = field;
  }

  /** The rule the content broke. */
  public Rule rule() {
    return rule;
  }

  /** The JSON pointer of the field at fault ({@code /layers/0/digest}), when one is. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  @Override
  public String reason() {
    return "MalformedManifest";
  }
}
