package dev.trustmirror.verifier.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * A repository: a registry ({@code host[:port]}, {@code docker.io} for Docker Hub) and a path
 * ({@code library/alpine}). Made only by parsing an {@link ImageReference}, so both parts follow
 * the docker reference grammar.
 */
public final class Repository {
  private final String registry;
  private final String path;
  // The lowercase name globs match; computed on first use (a racy write of an immutable String).
  private String matchName;

  Repository(String registry, String path) {
    this.registry = Objects.requireNonNull(registry);
    this.path = Objects.requireNonNull(path);
  }

  /**
   * Parses a repository name without tag or digest ({@code 127.0.0.1:5000/team/app}, {@code
   * alpine}).
   *
   * @throws InvalidReferenceException when it is not a name, or when it has a tag or digest
   */
  public static Repository parse(String name) throws InvalidReferenceException {
    ImageReference reference = ImageReference.parse(name);
    if (reference.tag().isPresent() || reference.digest().isPresent()) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.INVALID_PATH,
          name,
          "a repository name has neither tag nor digest");
    }
    return reference.repository();
  }

  /**
   * The registry host and optional port, as written ({@code docker.io}, {@code 127.0.0.1:5000}).
   */
  public String registry() {
    return registry;
  }

  /** The path inside the registry ({@code library/alpine}). */
  public String path() {
    return path;
  }

  /** {@code registry/path} with the registry in lowercase: what image globs are matched against. */
  public String matchName() {
    String name = matchName;
    if (name == null) {
      name = registry.toLowerCase(Locale.ROOT) + "/" + path;
      matchName = name;
    }
    return name;
  }

  /** {@code registry/path}. */
  @Override
  public String toString() {
    return registry + "/" + path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Repository other
        && registry.equals(other.registry)
        && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registry, path);
  }
}
