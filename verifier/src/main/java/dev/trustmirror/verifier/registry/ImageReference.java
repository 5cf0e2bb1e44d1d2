package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image reference in the docker grammar: {@code [registry/]path[:tag][@digest]}.
 *
 * <ul>
 *   <li>The first path component is the registry when it contains {@code .} or {@code :}, is {@code
 *       localhost}, or has uppercase letters; otherwise the registry is {@code docker.io} (and
 *       {@code index.docker.io} is written {@code docker.io}).
 *   <li>On {@code docker.io}, a one-component path gets {@code library/} ({@code alpine} is {@code
 *       docker.io/library/alpine}).
 *   <li>Path components are lowercase alphanumerics joined by {@code .}, {@code _}, {@code __} or
 *       runs of {@code -}; the name (registry and path) has at most 255 characters.
 *   <li>A reference may have a tag, a digest, both (the digest then decides) or neither ({@link
 *       #tagOrLatest()} is then {@code latest}).
 * </ul>
 *
 * <p>Made only by {@link #parse}. Nothing is rewritten but {@code docker.io}'s aliases and {@code
 * library/}: the registry keeps its case, as docker keeps it ({@code Registry/app} names the
 * registry {@code Registry}, while {@code registry/app} is on Docker Hub); credentials and
 * insecure-registry lists match registries regardless of case.
 */
public final class ImageReference {
  /** The registry of references without one (Docker Hub). */
  public static final String DOCKER_HUB = "docker.io";

  private static final int NAME_MAX_LENGTH = 255;

  /** Longer input is refused before any other work (a tag and digest add at most ~270). */
  private static final int INPUT_MAX_LENGTH = 1024;

  private final Repository repository;
  private final Optional<Tag> tag;
  private final Optional<Digest> digest;

  private ImageReference(Repository repository, Optional<Tag> tag, Optional<Digest> digest) {
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses a reference such as {@code alpine}, {@code ghcr.io/org/app:v1}, {@code
   * 127.0.0.1:5000/app@sha256:...}.
   *
   * @throws InvalidReferenceException with the rule the input broke
   */
  public static ImageReference parse(String input) throws InvalidReferenceException {
    Objects.requireNonNull(input, "input");
    if (input.isEmpty()) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.EMPTY, input, "it is empty");
    }
    if (input.length() > INPUT_MAX_LENGTH) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.NAME_TOO_LONG,
          input,
          "it has " + input.length() + " characters, more than any valid reference");
    }
    String rest = input;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(digest(input, rest.substring(at + 1)));
      rest = rest.substring(0, at);
    }
    Optional<Tag> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = Optional.of(tag(input, rest.substring(colon + 1)));
      rest = rest.substring(0, colon);
    }
    return new ImageReference(repository(input, rest), tag, digest);
  }

  /** Splits and checks {@code name}: registry detection as {@code docker} does it. */
  private static Repository repository(String input, String name) throws InvalidReferenceException {
    String registry;
    String path;
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash < 0
        || (!first.contains(".")
            && !first.contains(":")
            && !first.equals("localhost")
            && first.toLowerCase(Locale.ROOT).equals(first))) {
      registry = DOCKER_HUB;
      path = name;
    } else {
      registry = first;
      path = name.substring(slash + 1);
      checkRegistry(input, first);
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    checkPath(input, path);
    int length = registry.length() + 1 + path.length();
    if (length > NAME_MAX_LENGTH) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.NAME_TOO_LONG,
          input,
          "the name has " + length + " characters, more than " + NAME_MAX_LENGTH);
    }
    return new Repository(registry, path);
  }

  private static void checkRegistry(String input, String registry)
      throws InvalidReferenceException {
    int colon = registry.lastIndexOf(':');
    String host = colon < 0 ? registry : registry.substring(0, colon);
    boolean valid = !host.isEmpty() && !host.endsWith(".");
    for (String label : host.split("\\.", -1)) {
      valid &= isDomainLabel(label);
    }
    if (colon >= 0) {
      String port = registry.substring(colon + 1);
      valid &=
          !port.isEmpty()
              && port.length() <= 5
              && port.chars().allMatch(c -> c >= '0' && c <= '9')
              && Integer.parseInt(port) >= 1
              && Integer.parseInt(port) <= 65535;
    }
    if (!valid) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.INVALID_REGISTRY,
          input,
          "the registry '"
              + UntrustedText.of(registry)
              + "' is not host[:port] (DNS labels of letters, digits and '-', port 1-65535)");
    }
  }

  private static boolean isDomainLabel(String label) {
    if (label.isEmpty() || label.length() > 63) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      boolean inner = c == '-' && i > 0 && i < label.length() - 1;
      if (!alnum && !inner) {
        return false;
      }
    }
    return true;
  }

  private static void checkPath(String input, String path) throws InvalidReferenceException {
    boolean uppercase = false;
    for (String component : path.split("/", -1)) {
      String lower = component.toLowerCase(Locale.ROOT);
      if (!isPathComponent(lower)) {
        throw new InvalidReferenceException(
            InvalidReferenceException.Rule.INVALID_PATH,
            input,
            "the path component '"
                + UntrustedText.of(component)
                + "' is not lowercase letters and digits joined by '.', '_', '__' or '-'");
      }
      uppercase |= !lower.equals(component);
    }
    if (uppercase) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.UPPERCASE_REPOSITORY,
          input,
          "the repository path '" + UntrustedText.of(path) + "' has uppercase letters");
    }
  }

  /** {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}, without regular expressions. */
  private static boolean isPathComponent(String component) {
    int i = 0;
    int n = component.length();
    while (true) {
      int start = i;
      while (i < n && isLowerAlnum(component.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
      if (i == n) {
        return true;
      }
      int sepStart = i;
      while (i < n && !isLowerAlnum(component.charAt(i))) {
        i++;
      }
      String separator = component.substring(sepStart, i);
      boolean dashes = separator.chars().allMatch(c -> c == '-');
      if (!(separator.equals(".") || separator.equals("_") || separator.equals("__") || dashes)) {
        return false;
      }
    }
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static Tag tag(String input, String tag) throws InvalidReferenceException {
    if (!Tag.isValid(tag)) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.INVALID_TAG,
          input,
          "the tag '"
              + UntrustedText.of(tag)
              + "' is not 1 to 128 characters of [A-Za-z0-9_.-] starting with a letter, digit or _");
    }
    return Tag.parse(tag);
  }

  private static Digest digest(String input, String digest) throws InvalidReferenceException {
    try {
      return Digest.parse(digest);
    } catch (InvalidDigestException e) {
      throw new InvalidReferenceException(
          InvalidReferenceException.Rule.INVALID_DIGEST,
          input,
          "the part after '@' is not a digest: " + e.getMessage(),
          e);
    }
  }

  /** The same repository at {@code digest}, without tag. */
  public ImageReference withDigest(Digest digest) {
    return new ImageReference(repository, Optional.empty(), Optional.of(digest));
  }

  /** The repository (registry and path). */
  public Repository repository() {
    return repository;
  }

  /** The registry ({@code docker.io}, {@code 127.0.0.1:5000}). */
  public String registry() {
    return repository.registry();
  }

  /** The tag, when the reference has one. */
  public Optional<Tag> tag() {
    return tag;
  }

  /** The tag, or {@code latest} when the reference has none. */
  public Tag tagOrLatest() {
    return tag.orElse(Tag.LATEST);
  }

  /** The digest, when the reference has one (it then decides over the tag). */
  public Optional<Digest> digest() {
    return digest;
  }

  /** {@code registry/path[:tag][@digest]}, with {@code docker.io/library/} spelled out. */
  @Override
  public String toString() {
    return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageReference other
        && repository.equals(other.repository)
        && tag.equals(other.tag)
        && digest.equals(other.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, tag, digest);
  }
}
