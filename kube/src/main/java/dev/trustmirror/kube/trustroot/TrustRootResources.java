package dev.trustmirror.kube.trustroot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes policy-controller's {@code TrustRoot} from a verified repository. Pure: the same
 * repository, root, name and form always give the same resource (and the same bytes through {@link
 * TrustRootSerialization}).
 *
 * <pre>
 * apiVersion: policy.sigstore.dev/v1alpha1
 * kind: TrustRoot                       # cluster-scoped
 * metadata:
 *   name: NAME
 *   labels: {app.kubernetes.io/managed-by: trust-mirror}
 *   annotations: {trust-mirror.dev/verified-at, .../timestamp-version, .../content-hash}
 * spec:
 *   repository:                         # REPOSITORY form
 *     root: base64(pinned root)
 *     mirrorFS: base64(tar.gz of repository/PATH for every path, plus padding entries that keep
 *               small files off 32 KiB boundaries for policy-controller's reader, ADR 0010)
 *     targets: targets
 *     trustedRootTarget: trusted_root.json
 *   sigstoreKeys: {...}                 # SIGSTORE_KEYS form instead, from trusted_root.json
 * </pre>
 */
public final class TrustRootResources {
  /** The resource's API group and version. */
  public static final String API_VERSION = "policy.sigstore.dev/v1alpha1";

  /** The resource's kind. */
  public static final String KIND = "TrustRoot";

  /** Label that marks resources this project writes. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** Value of {@link #MANAGED_BY_LABEL}. */
  public static final String MANAGED_BY = "trust-mirror";

  /** ISO-8601 instant of the update that verified the repository ({@code verifiedAt}). */
  public static final String VERIFIED_AT_ANNOTATION = "trust-mirror.dev/verified-at";

  /** The version of the repository's timestamp role. */
  public static final String TIMESTAMP_VERSION_ANNOTATION = "trust-mirror.dev/timestamp-version";

  /** The repository's content hash ({@link VerifiedRepository#contentHash()}). */
  public static final String CONTENT_HASH_ANNOTATION = "trust-mirror.dev/content-hash";

  /** The directory of targets inside {@code mirrorFS} ({@code spec.repository.targets}). */
  public static final String TARGETS_DIRECTORY = "targets";

  /** The target holding Sigstore's trusted root. */
  public static final String TRUSTED_ROOT_TARGET = "trusted_root.json";

  /**
   * Most bytes of compact JSON a generated resource may take: 1 MiB. etcd stores objects up to
   * about 1.5 MiB by default; the rest is margin for status, managed fields and annotations that
   * others add.
   */
  public static final long SIZE_BUDGET_BYTES = 1_048_576;

  /** RFC 1123 subdomain, the rule for the names of most Kubernetes resources. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private TrustRootResources() {}

  /**
   * Makes the resource.
   *
   * @param name {@code metadata.name}: a DNS subdomain name (lower case, at most 253 characters)
   * @param form which spec form to write
   * @param repository the verified repository
   * @param pinnedRoot the root the repository was verified from (REPOSITORY form: {@code
   *     spec.repository.root}, where policy-controller's client starts)
   * @throws IllegalArgumentException when {@code name} is not a valid resource name
   * @throws TrustRootTooLargeException when the resource would exceed {@link #SIZE_BUDGET_BYTES}
   * @throws TrustRootRefusedException (SIGSTORE_KEYS form) when {@code trusted_root.json} is
   *     missing or cannot be converted
   */
  public static GeneratedTrustRoot generate(
      String name, TrustRootForm form, VerifiedRepository repository, byte[] pinnedRoot)
      throws TrustRootTooLargeException, TrustRootRefusedException {
    requireName(name);
    ObjectNode doc = TrustRootSerialization.JSON.createObjectNode();
    doc.put("apiVersion", API_VERSION);
    doc.put("kind", KIND);
    ObjectNode metadata = doc.putObject("metadata");
    metadata.put("name", name);
    metadata.putObject("labels").put(MANAGED_BY_LABEL, MANAGED_BY);
    metadata
        .putObject("annotations")
        .put(CONTENT_HASH_ANNOTATION, repository.contentHash())
        .put(TIMESTAMP_VERSION_ANNOTATION, String.valueOf(repository.timestampVersion()))
        .put(VERIFIED_AT_ANNOTATION, repository.verifiedAt().toString());
    ObjectNode spec = doc.putObject("spec");
    List<SigstoreKeysNote> notes = List.of();
    if (form == TrustRootForm.REPOSITORY) {
      Base64.Encoder b64 = Base64.getEncoder();
      spec.putObject(form.specField())
          .put("mirrorFS", b64.encodeToString(MirrorFs.pack(repository)))
          .put("root", b64.encodeToString(pinnedRoot))
          .put("targets", TARGETS_DIRECTORY)
          .put("trustedRootTarget", TRUSTED_ROOT_TARGET);
    } else {
      byte[] trustedRoot =
          repository
              .findTarget(TRUSTED_ROOT_TARGET)
              .orElseThrow(
                  () ->
                      new TrustRootRefusedException(
                          TrustRootRefusedException.Rule.MISSING_TRUSTED_ROOT,
                          name,
                          null,
                          "the repository has no "
                              + TRUSTED_ROOT_TARGET
                              + " target to take the sigstoreKeys from"));
      SigstoreKeysConversion.Result keys =
          SigstoreKeysConversion.convert(trustedRoot, TRUSTED_ROOT_TARGET);
      spec.set(form.specField(), keys.sigstoreKeys());
      notes = keys.notes();
    }
    GenericKubernetesResource resource = toResource(doc);
    int size = TrustRootSerialization.compactJson(resource).length;
    if (size > SIZE_BUDGET_BYTES) {
      throw new TrustRootTooLargeException(name, form, size, SIZE_BUDGET_BYTES);
    }
    return new GeneratedTrustRoot(resource, form, size, notes);
  }

  /**
   * Checks a resource name: a DNS subdomain (RFC 1123), as the API server requires.
   *
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static void requireName(String name) {
    if (name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Tried to name the TrustRoot '"
              + name
              + "' but a resource name must be lower-case letters, digits, '-' and '.', start and"
              + " end with a letter or digit, and have at most 253 characters");
    }
  }

  static GenericKubernetesResource toResource(ObjectNode doc) {
    try {
      return TrustRootSerialization.JSON.treeToValue(doc, GenericKubernetesResource.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a TrustRoot tree is a Kubernetes resource", e);
    }
  }
}
