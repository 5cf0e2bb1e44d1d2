package dev.trustmirror.verifier.registry;

import java.util.Locale;
import java.util.Objects;

/** The registry answered 404: the repository, tag, manifest or blob does not exist there. */
public final class RegistryNotFoundException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** What was looked for. */
  public enum Kind {
    /** A manifest or index, by tag or digest. */
    MANIFEST,
    /** A blob, by digest. */
    BLOB
  }

  private final Kind kind;
  private final Repository repository;
  private final String reference;

  RegistryNotFoundException(
      String location, Kind kind, Repository repository, String reference, String registryError) {
    super(
        location,
        "Tried to read the "
            + kind.name().toLowerCase(Locale.ROOT)
            + " "
            + repository
            + (reference.contains(":") ? "@" : ":")
            + reference
            + " but the registry answered 404 (not found)"
            + (registryError.isEmpty() ? "" : ": " + registryError),
        null);
    this.kind = Objects.requireNonNull(kind);
    this.repository = repository;
    this.reference = reference;
  }

  /** What was looked for. */
  public Kind kind() {
    return kind;
  }

  /** The repository asked. */
  public Repository repository() {
    return repository;
  }

  /** The tag or digest asked for. */
  public String reference() {
    return reference;
  }

  @Override
  public String reason() {
    return "NotFound";
  }
}
