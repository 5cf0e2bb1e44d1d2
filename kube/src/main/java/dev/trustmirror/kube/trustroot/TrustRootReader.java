package dev.trustmirror.kube.trustroot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException.Rule;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Turns a {@code TrustRoot} (from the API, or the YAML or JSON of a file) into a {@link
 * VerifiedTrustRoot}, only through the {@code tuf} module: the {@code mirrorFS} archive is read
 * safely, every entry must be a plain file under {@code repository/}, and the files are verified by
 * {@link TufUpdater} from a {@link TrustAnchor}. Nothing in the resource is trusted before that.
 *
 * <p>The time of the verification is the resource's {@code trust-mirror.dev/verified-at} annotation
 * when it is present and not after the clock's now, else now: like a published directory, a
 * resource is verified as of when it was made. Whether it has expired since is for the caller to
 * judge with the real clock (e.g. {@code ExpiryReport}); see ADR 0010 for the risk.
 */
public final class TrustRootReader {
  /**
   * Largest document read from a file: 3 MiB, the API server's largest request body. A resource
   * within our own 1 MiB budget is far below it.
   */
  public static final long DEFAULT_MAX_DOCUMENT_BYTES = 3L * 1024 * 1024;

  /**
   * Bounds on {@code mirrorFS}: 5,000 entries, 16 MiB per entry, 64 MiB expanded in total. A
   * resource is at most about 1.5 MiB, so this stops decompression bombs long before memory does.
   */
  public static final ArchiveLimits DEFAULT_ARCHIVE_LIMITS =
      new ArchiveLimits(5_000, 16L * 1024 * 1024, 64L * 1024 * 1024);

  private final Clock clock;
  private final long maxDocumentBytes;
  private final ArchiveLimits archiveLimits;
  private final Limits tufLimits;

  private TrustRootReader(
      Clock clock, long maxDocumentBytes, ArchiveLimits archiveLimits, Limits tufLimits) {
    this.clock = Objects.requireNonNull(clock);
    this.maxDocumentBytes = maxDocumentBytes;
    this.archiveLimits = Objects.requireNonNull(archiveLimits);
    this.tufLimits = Objects.requireNonNull(tufLimits);
  }

  /** A reader with the default limits; {@code clock} is the only source of "now". */
  public static TrustRootReader create(Clock clock) {
    return new TrustRootReader(
        clock, DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_ARCHIVE_LIMITS, Limits.defaults());
  }

  /** The same reader with other limits. */
  public TrustRootReader withLimits(
      long maxDocumentBytes, ArchiveLimits archiveLimits, Limits tufLimits) {
    if (maxDocumentBytes <= 0) {
      throw new IllegalArgumentException("maxDocumentBytes must be positive");
    }
    return new TrustRootReader(clock, maxDocumentBytes, archiveLimits, tufLimits);
  }

  /**
   * Verifies a resource read from the API.
   *
   * @throws TrustRootRefusedException when the resource is not a repository-form TrustRoot, or a
   *     field does not decode
   * @throws TufRefusalException ({@link dev.trustmirror.bundles.archive.ArchiveRefusedException},
   *     {@link dev.trustmirror.tuf.RollbackException}, {@link
   *     dev.trustmirror.tuf.ExpiredMetadataException}...) when the archive or the repository in it
   *     is refused
   */
  public VerifiedTrustRoot read(GenericKubernetesResource resource, TrustAnchor anchor)
      throws TufRefusalException {
    JsonNode tree = TrustRootSerialization.JSON.valueToTree(resource);
    String name = tree.path("metadata").path("name").asText("");
    return verify((ObjectNode) tree, "TrustRoot " + (name.isEmpty() ? "(no name)" : name), anchor);
  }

  /**
   * Verifies the YAML or JSON of a resource, e.g. a file written by {@code trust-mirror trustroot}.
   *
   * @param origin how the document is named in refusals (its file path)
   * @throws TrustRootRefusedException also when the document is too large, not one object, or uses
   *     YAML anchors
   */
  public VerifiedTrustRoot read(byte[] document, String origin, TrustAnchor anchor)
      throws TufRefusalException {
    return verify(TrustRootSerialization.parse(document, origin, maxDocumentBytes), origin, anchor);
  }

  private VerifiedTrustRoot verify(ObjectNode tree, String origin, TrustAnchor anchor)
      throws TufRefusalException {
    Instant now = clock.instant();
    RepositorySpec spec = RepositorySpec.parse(tree, origin);
    SortedMap<String, byte[]> files =
        MirrorFs.unpack(spec.mirrorFs(), origin + " spec.repository.mirrorFS", archiveLimits);
    Instant at = spec.verifiedAt().filter(t -> !t.isAfter(now)).orElse(now);
    UpdateResult result;
    try {
      result =
          new TufUpdater(
                  InMemorySource.of(origin + " mirrorFS", files),
                  Clock.fixed(at, ZoneOffset.UTC),
                  tufLimits)
              .update(initialState(anchor, spec));
    } catch (SourceUnavailableException e) {
      throw new IllegalStateException("an in-memory source is never unavailable", e);
    }
    VerifiedRepository repository = result.repository().orElseThrow();
    if (!(anchor instanceof TrustAnchor.ResourceRoot)) {
      requireRootInChain(spec.root(), repository, origin);
    }
    return new VerifiedTrustRoot(spec.name(), spec.resourceVersion(), repository, result.state());
  }

  private static TrustState initialState(TrustAnchor anchor, RepositorySpec spec)
      throws TufRefusalException {
    if (anchor instanceof TrustAnchor.PinnedRoot pinned) {
      return TrustState.pin(pinned.rootJson());
    }
    if (anchor instanceof TrustAnchor.PreviousState previous) {
      return previous.state();
    }
    return TrustState.pin(spec.root());
  }

  /** policy-controller starts from spec.repository.root: it must be a root we accepted. */
  private static void requireRootInChain(byte[] root, VerifiedRepository repository, String origin)
      throws TrustRootRefusedException {
    List<String> roots =
        repository.paths().stream().filter(p -> p.matches("[1-9][0-9]*\\.root\\.json")).toList();
    for (String path : roots) {
      if (Arrays.equals(repository.bytes(path), root)) {
        return;
      }
    }
    throw new TrustRootRefusedException(
        Rule.ROOT_NOT_IN_CHAIN,
        origin,
        "spec.repository.root",
        "it is none of the "
            + roots.size()
            + " roots verified from the caller's trust anchor; policy-controller would start from"
            + " a root nobody verified");
  }

  /** The fields of a repository-form TrustRoot, decoded but not yet trusted. */
  private record RepositorySpec(
      String name,
      Optional<String> resourceVersion,
      Optional<Instant> verifiedAt,
      byte[] root,
      byte[] mirrorFs) {

    static RepositorySpec parse(ObjectNode tree, String origin) throws TrustRootRefusedException {
      requireEquals(
          tree, "apiVersion", TrustRootResources.API_VERSION, Rule.WRONG_API_VERSION, origin);
      requireEquals(tree, "kind", TrustRootResources.KIND, Rule.WRONG_KIND, origin);
      JsonNode metadata = tree.path("metadata");
      String name = requireText(metadata.path("name"), "metadata.name", origin);
      JsonNode version = metadata.path("resourceVersion");
      Optional<String> resourceVersion =
          version.isTextual() && !version.asText().isEmpty()
              ? Optional.of(version.asText())
              : Optional.empty();
      Optional<Instant> verifiedAt = verifiedAt(metadata, origin);
      JsonNode spec = tree.path("spec");
      if (!spec.isObject()) {
        throw missing("spec", "absent or not an object", origin);
      }
      JsonNode repository = repository((ObjectNode) spec, origin);
      JsonNode targets = repository.path("targets");
      if (!targets.isMissingNode()
          && !targets.isNull()
          && !targets.asText().equals(TrustRootResources.TARGETS_DIRECTORY)) {
        throw new TrustRootRefusedException(
            Rule.UNSUPPORTED_TARGETS_DIRECTORY,
            origin,
            "spec.repository.targets",
            "it is '"
                + targets.asText()
                + "'; the published layout keeps targets in '"
                + TrustRootResources.TARGETS_DIRECTORY
                + "'");
      }
      byte[] root = base64(repository.path("root"), "spec.repository.root", origin);
      byte[] mirrorFs = base64(repository.path("mirrorFS"), "spec.repository.mirrorFS", origin);
      return new RepositorySpec(name, resourceVersion, verifiedAt, root, mirrorFs);
    }

    private static JsonNode repository(ObjectNode spec, String origin)
        throws TrustRootRefusedException {
      List<String> others =
          List.of("sigstoreKeys", "remote", "trustedRootJSON").stream()
              .filter(f -> spec.has(f) && !spec.get(f).isNull())
              .toList();
      JsonNode repository = spec.path("repository");
      if (repository.isMissingNode() || repository.isNull()) {
        if (!others.isEmpty()) {
          throw new TrustRootRefusedException(
              Rule.NOT_A_REPOSITORY_FORM,
              origin,
              "spec." + others.get(0),
              "the resource holds keys or a remote, not a TUF repository; only the repository form"
                  + " can be verified with TUF");
        }
        throw missing("spec.repository", "absent", origin);
      }
      if (!others.isEmpty()) {
        throw new TrustRootRefusedException(
            Rule.MULTIPLE_FORMS,
            origin,
            "spec." + others.get(0),
            "the spec holds a repository and " + others + "; policy-controller accepts only one");
      }
      if (!repository.isObject()) {
        throw missing("spec.repository", "not an object", origin);
      }
      return repository;
    }

    private static Optional<Instant> verifiedAt(JsonNode metadata, String origin)
        throws TrustRootRefusedException {
      JsonNode value = metadata.path("annotations").path(TrustRootResources.VERIFIED_AT_ANNOTATION);
      if (value.isMissingNode() || value.isNull()) {
        return Optional.empty();
      }
      String field = "metadata.annotations." + TrustRootResources.VERIFIED_AT_ANNOTATION;
      try {
        return Optional.of(Instant.parse(requireText(value, field, origin)));
      } catch (DateTimeParseException e) {
        throw new TrustRootRefusedException(
            Rule.BAD_ANNOTATION,
            origin,
            field,
            "'" + value.asText() + "' is not an ISO-8601 instant (e.g. 2026-08-21T20:25:56Z)");
      }
    }

    private static void requireEquals(
        JsonNode tree, String field, String expected, Rule rule, String origin)
        throws TrustRootRefusedException {
      JsonNode v = tree.path(field);
      if (!v.isTextual() || !v.asText().equals(expected)) {
        throw new TrustRootRefusedException(
            rule,
            origin,
            field,
            "expected '" + expected + "', found " + (v.isMissingNode() ? "nothing" : v.toString()));
      }
    }

    private static String requireText(JsonNode v, String field, String origin)
        throws TrustRootRefusedException {
      if (!v.isTextual() || v.asText().isEmpty()) {
        throw missing(field, v.isMissingNode() ? "absent" : "not a non-empty string", origin);
      }
      return v.asText();
    }

    /** Go's []byte in JSON: standard base64; line breaks (a YAML block scalar) are ignored. */
    private static byte[] base64(JsonNode v, String field, String origin)
        throws TrustRootRefusedException {
      String text = requireText(v, field, origin).replace("\r", "").replace("\n", "");
      try {
        return Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new TrustRootRefusedException(
            Rule.BAD_BASE64, origin, field, "not base64: " + e.getMessage());
      }
    }

    private static TrustRootRefusedException missing(String field, String why, String origin) {
      return new TrustRootRefusedException(Rule.MISSING_FIELD, origin, field, why);
    }
  }
}
