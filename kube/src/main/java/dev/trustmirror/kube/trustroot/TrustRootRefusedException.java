package dev.trustmirror.kube.trustroot;

import dev.trustmirror.tuf.TufRefusalException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code TrustRoot} was refused at the resource level, before or after the TUF verification of
 * its {@code mirrorFS} (which refuses with its own {@link TufRefusalException} subclasses, and the
 * archive with {@link dev.trustmirror.bundles.archive.ArchiveRefusedException}). Also thrown when a
 * repository's {@code trusted_root.json} cannot become the {@code sigstoreKeys} form. Tests assert
 * {@link #rule()} and {@link #field()}, never the message.
 */
public final class TrustRootRefusedException extends TufRefusalException {
  private static final long serialVersionUID = 1L;

  /** The rule that refused the resource. */
  public enum Rule {
    /** The document is larger than the reader accepts (before parsing). */
    DOCUMENT_TOO_LARGE,
    /** Not one YAML or JSON object: syntax error, duplicate key, several documents, too deep. */
    MALFORMED_DOCUMENT,
    /** YAML anchors or aliases: never needed by a resource, the material of YAML bombs. */
    ALIASES_NOT_ALLOWED,
    /** {@code apiVersion} is not {@code policy.sigstore.dev/v1alpha1}. */
    WRONG_API_VERSION,
    /** {@code kind} is not {@code TrustRoot}. */
    WRONG_KIND,
    /** A required field is absent or not of the expected JSON type. */
    MISSING_FIELD,
    /**
     * {@code spec} holds another form ({@code sigstoreKeys}, {@code remote}...), not a repository.
     */
    NOT_A_REPOSITORY_FORM,
    /** {@code spec} holds a repository and another form: policy-controller refuses that too. */
    MULTIPLE_FORMS,
    /** {@code root} or {@code mirrorFS} is not base64. */
    BAD_BASE64,
    /** A {@code trust-mirror.dev/*} annotation has a value that does not parse. */
    BAD_ANNOTATION,
    /** {@code spec.repository.targets} names another directory than {@code targets}. */
    UNSUPPORTED_TARGETS_DIRECTORY,
    /**
     * The resource's {@code spec.repository.root} is not one of the roots the verification from the
     * caller's anchor accepted: policy-controller would start from a root nobody verified.
     */
    ROOT_NOT_IN_CHAIN,
    /** The repository has no {@code trusted_root.json} target (sigstoreKeys form). */
    MISSING_TRUSTED_ROOT,
    /** {@code trusted_root.json} is not the protobuf JSON the sigstoreKeys form is made from. */
    MALFORMED_TRUSTED_ROOT;

    /** {@code WRONG_KIND} → {@code WrongKind}. */
    String camelCase() {
      StringBuilder b = new StringBuilder();
      for (String word : name().split("_")) {
        b.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
      }
      return b.toString();
    }
  }

  private final Rule rule;
  private final String resource;
  private final String field;

  TrustRootRefusedException(Rule rule, String resource, String field, String why) {
    super(
        field == null ? resource : field,
        "Refused the TrustRoot " + resource + (field == null ? "" : ": " + field) + ": " + why);
    this.rule = Objects.requireNonNull(rule);
    this.resource = resource;
    this.field = field;
  }

  /** The rule that refused the resource. */
  public Rule rule() {
    return rule;
  }

  /** The resource as named by the caller: a file path, or {@code TrustRoot <name>}. */
  public String resource() {
    return resource;
  }

  /** The field at fault, e.g. {@code spec.repository.mirrorFS}, when one is. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** {@code TrustRootWrongKind}, {@code TrustRootBadBase64}...: metric label, condition reason. */
  @Override
  public String reason() {
    return "TrustRoot" + rule.camelCase();
  }
}
