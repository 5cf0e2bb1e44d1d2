package dev.trustmirror.bundles;

import dev.trustmirror.tuf.TufRefusalException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An offline bundle was refused after it was read safely: its manifest is missing or malformed, a
 * file does not match the manifest, or its signature is missing or wrong. A security refusal like
 * every {@link TufRefusalException}. Tests assert {@link #rule()} and {@link #path()}, never the
 * message.
 */
public final class BundleRefusedException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  /** The rule that refused the bundle. */
  public enum Rule {
    /** No {@code manifest.json}. */
    MANIFEST_MISSING,
    /** {@code manifest.json} is not the JSON this format defines. */
    MANIFEST_MALFORMED,
    /** A format name or version this reader does not know. */
    UNSUPPORTED_FORMAT,
    /** A file the manifest lists is not in {@code repository/}. */
    FILE_MISSING,
    /** A file's length differs from the manifest's. */
    LENGTH_MISMATCH,
    /** A file's SHA-256 differs from the manifest's. */
    HASH_MISMATCH,
    /** A file in {@code repository/} that the manifest does not list. */
    UNLISTED_FILE,
    /** A verification key was given but the bundle has no {@code manifest.json.sig}. */
    SIGNATURE_MISSING,
    /** {@code manifest.json.sig} does not verify with the given key. */
    SIGNATURE_INVALID;

    String camelCase() {
      StringBuilder b = new StringBuilder();
      for (String word : name().split("_")) {
        b.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
      }
      return b.toString();
    }
  }

  private final Rule rule;
  private final String bundle;
  private final String path;

  BundleRefusedException(Rule rule, String bundle, String path, String why) {
    super(
        path == null ? bundle : path,
        "Refused the bundle " + bundle + (path == null ? "" : ": " + path) + ": " + why);
    this.rule = Objects.requireNonNull(rule);
    this.bundle = bundle;
    this.path = path;
  }

  /** The rule that refused the bundle. */
  public Rule rule() {
    return rule;
  }

  /** The bundle's name as given by the caller (usually its file path). */
  public String bundle() {
    return bundle;
  }

  /**
   * The file at fault: {@code manifest.json}, {@code manifest.json.sig} or a path of the published
   * layout ({@code 15.root.json}), when one is.
   */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** {@code BundleHashMismatch}, {@code BundleSignatureInvalid}...: metric label, reason. */
  @Override
  public String reason() {
    return "Bundle" + rule.camelCase();
  }
}
