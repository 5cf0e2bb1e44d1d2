package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.bundles.archive.ArchiveRefusedException;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException.Rule;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.Tamper;
import dev.trustmirror.tuf.HashMismatchException;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.MalformedMetadataException;
import dev.trustmirror.tuf.ThresholdNotMetException;
import dev.trustmirror.tuf.VerifiedRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken TrustRoots: each is refused with a typed rule (and field or entry), never
 * turned into a verified repository.
 */
class TrustRootReaderHostileTest {
  static final String FILE = "trustroot.yaml";
  static final TrustRootReader READER =
      TrustRootReader.create(
          Clock.fixed(TestRepositories.GENERATED_AT.plus(Duration.ofHours(1)), ZoneOffset.UTC));

  static RepoBuilder builder;
  static VerifiedRepository repo;
  static GeneratedTrustRoot generated;

  @BeforeAll
  static void generate() throws Exception {
    builder = RepoBuilder.create(TestRepositories.GENERATED_AT);
    repo = TestRepositories.generated(builder);
    generated =
        TrustRootResources.generate(
            "generated", TrustRootForm.REPOSITORY, repo, TestRepositories.rootOf(builder));
  }

  /** The generated resource after {@code change}, as a JSON document. */
  static byte[] changed(Consumer<ObjectNode> change) {
    ObjectNode tree = Resources.tree(generated);
    change.accept(tree);
    return Resources.json(tree);
  }

  static byte[] withMirrorFs(byte[] tarGz) {
    return changed(t -> Resources.repository(t).put("mirrorFS", Resources.encode(tarGz)));
  }

  static void assertRefused(byte[] document, Rule rule, Optional<String> field) {
    assertThatThrownBy(() -> READER.read(document, FILE, TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            TrustRootRefusedException.class,
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.resource()).isEqualTo(FILE);
              assertThat(e.reason()).startsWith("TrustRoot");
            });
  }

  static void assertArchiveRefused(byte[] tarGz, ArchiveRefusedException.Rule rule, String entry) {
    assertThatThrownBy(() -> READER.read(withMirrorFs(tarGz), FILE, TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.entry()).isEqualTo(Optional.ofNullable(entry));
              assertThat(e.archive()).isEqualTo(FILE + " spec.repository.mirrorFS");
            });
  }

  @Test
  void theUntouchedResourceReads() throws Exception {
    assertThat(READER.read(changed(t -> {}), FILE, TrustAnchor.resourceRoot()).name())
        .isEqualTo("generated");
  }

  @Test
  void wrongKind() {
    assertRefused(
        changed(t -> t.put("kind", "ClusterImagePolicy")), Rule.WRONG_KIND, Optional.of("kind"));
  }

  @Test
  void wrongApiVersion() {
    assertRefused(
        changed(t -> t.put("apiVersion", "policy.sigstore.dev/v1beta1")),
        Rule.WRONG_API_VERSION,
        Optional.of("apiVersion"));
  }

  @Test
  void noName() {
    assertRefused(
        changed(t -> ((ObjectNode) t.get("metadata")).remove("name")),
        Rule.MISSING_FIELD,
        Optional.of("metadata.name"));
  }

  @Test
  void noSpec() {
    assertRefused(changed(t -> t.remove("spec")), Rule.MISSING_FIELD, Optional.of("spec"));
  }

  @Test
  void noSpecRepository() {
    assertRefused(
        changed(t -> t.putObject("spec")), Rule.MISSING_FIELD, Optional.of("spec.repository"));
  }

  @Test
  void sigstoreKeysOnlyIsNotARepositoryForm() throws Exception {
    byte[] keysOnly =
        TrustRootResources.generate(
                "keys", TrustRootForm.SIGSTORE_KEYS, repo, TestRepositories.rootOf(builder))
            .json();
    assertRefused(keysOnly, Rule.NOT_A_REPOSITORY_FORM, Optional.of("spec.sigstoreKeys"));
  }

  @Test
  void aRepositoryAndAnotherFormAtOnce() {
    assertRefused(
        changed(t -> ((ObjectNode) t.get("spec")).putObject("remote").put("mirror", "https://x")),
        Rule.MULTIPLE_FORMS,
        Optional.of("spec.remote"));
  }

  @Test
  void missingRootOrMirrorFs() {
    assertRefused(
        changed(t -> Resources.repository(t).remove("root")),
        Rule.MISSING_FIELD,
        Optional.of("spec.repository.root"));
    assertRefused(
        changed(t -> Resources.repository(t).put("mirrorFS", 42)),
        Rule.MISSING_FIELD,
        Optional.of("spec.repository.mirrorFS"));
  }

  @Test
  void badBase64() {
    assertRefused(
        changed(t -> Resources.repository(t).put("root", "not base64!")),
        Rule.BAD_BASE64,
        Optional.of("spec.repository.root"));
    assertRefused(
        changed(t -> Resources.repository(t).put("mirrorFS", "H4sI*")),
        Rule.BAD_BASE64,
        Optional.of("spec.repository.mirrorFS"));
  }

  @Test
  void base64WithLineBreaksAsInAYamlBlockIsAccepted() throws Exception {
    byte[] doc =
        changed(
            t -> {
              String b64 = Resources.repository(t).get("mirrorFS").asText();
              Resources.repository(t).put("mirrorFS", b64.replaceAll("(.{76})", "$1\n"));
            });
    assertThat(READER.read(doc, FILE, TrustAnchor.resourceRoot()).repository().paths())
        .isEqualTo(repo.paths());
  }

  @Test
  void anotherTargetsDirectory() {
    assertRefused(
        changed(t -> Resources.repository(t).put("targets", "blobs")),
        Rule.UNSUPPORTED_TARGETS_DIRECTORY,
        Optional.of("spec.repository.targets"));
  }

  @Test
  void mirrorFsThatIsNotGzip() {
    assertArchiveRefused(
        "just text, no archive".getBytes(StandardCharsets.UTF_8),
        ArchiveRefusedException.Rule.CORRUPT,
        null);
  }

  @Test
  void mirrorFsCutShort() {
    byte[] whole = Resources.mirrorFs(files());
    assertArchiveRefused(
        Arrays.copyOf(whole, whole.length / 2), ArchiveRefusedException.Rule.TRUNCATED, null);
  }

  @Test
  void anEntryOutsideRepository() {
    Map<String, byte[]> entries = new TreeMap<>();
    files().forEach((p, b) -> entries.put("repository/" + p, b));
    entries.put("timestamp.json", repo.bytes("timestamp.json"));
    assertArchiveRefused(
        Resources.tarGz(new TreeMap<>(entries)),
        ArchiveRefusedException.Rule.UNEXPECTED_ENTRY,
        "timestamp.json");
  }

  @Test
  void pathTraversal() {
    assertArchiveRefused(
        HostileTar.create().file("repository/../../etc/passwd", new byte[] {1}).tarGz(),
        ArchiveRefusedException.Rule.PATH_TRAVERSAL,
        "repository/../../etc/passwd");
  }

  @Test
  void symbolicLink() {
    assertArchiveRefused(
        HostileTar.create().symlink("repository/timestamp.json", "/etc/passwd").tarGz(),
        ArchiveRefusedException.Rule.SYMBOLIC_LINK,
        "repository/timestamp.json");
  }

  @Test
  void directoryEntriesAsTarCzfWritesThem() {
    // A known limit (ADR 0010): policy-controller's CompressFS and `tar czf` add these.
    assertArchiveRefused(
        HostileTar.create().directory("repository/").tarGz(),
        ArchiveRefusedException.Rule.NOT_A_REGULAR_FILE,
        "repository/");
  }

  @Test
  void decompressionBomb() {
    assertArchiveRefused(
        HostileTar.create().zeros("repository/1.root.json", 20L * 1024 * 1024).tarGz(),
        ArchiveRefusedException.Rule.ENTRY_TOO_LARGE,
        "repository/1.root.json");
  }

  @Test
  void aTamperedTargetInsideMirrorFs() {
    Map<String, byte[]> files = files();
    String target =
        files.keySet().stream().filter(p -> p.endsWith(".rekor.pub")).findFirst().orElseThrow();
    byte[] bytes = files.get(target).clone();
    bytes[0] ^= 1;
    files.put(target, bytes);
    assertThatThrownBy(
            () ->
                READER.read(
                    withMirrorFs(Resources.mirrorFs(files)), FILE, TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            HashMismatchException.class, e -> assertThat(e.algorithm()).isEqualTo("sha256"));
  }

  @Test
  void aTamperedTimestampInsideMirrorFs() {
    Map<String, byte[]> files = files();
    files.put(
        "timestamp.json",
        Tamper.editSignedKeepingSignatures(files.get("timestamp.json"), s -> s.put("version", 99)));
    assertThatThrownBy(
            () ->
                READER.read(
                    withMirrorFs(Resources.mirrorFs(files)), FILE, TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            ThresholdNotMetException.class, e -> assertThat(e.role()).isEqualTo("timestamp"));
  }

  @Test
  void aRootThatDoesNotVerify() {
    byte[] root =
        Tamper.editSignedKeepingSignatures(
            TestRepositories.rootOf(builder), s -> s.put("expires", "2099-01-01T00:00:00Z"));
    assertThatThrownBy(
            () ->
                READER.read(
                    changed(t -> Resources.repository(t).put("root", Resources.encode(root))),
                    FILE,
                    TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            ThresholdNotMetException.class,
            e -> {
              assertThat(e.role()).isEqualTo("root");
              assertThat(e.validSignatures()).isZero();
            });
  }

  @Test
  void aRootThatIsNotMetadata() {
    assertThatThrownBy(
            () ->
                READER.read(
                    changed(
                        t ->
                            Resources.repository(t)
                                .put(
                                    "root",
                                    Resources.encode("{}".getBytes(StandardCharsets.UTF_8)))),
                    FILE,
                    TrustAnchor.resourceRoot()))
        .isInstanceOf(MalformedMetadataException.class);
  }

  @Test
  void yamlBomb() {
    String bomb =
        """
        apiVersion: policy.sigstore.dev/v1alpha1
        kind: TrustRoot
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """;
    assertRefused(
        bomb.getBytes(StandardCharsets.UTF_8), Rule.ALIASES_NOT_ALLOWED, Optional.empty());
  }

  @Test
  void aDocumentLargerThanTheLimit() {
    byte[] huge = new byte[(int) TrustRootReader.DEFAULT_MAX_DOCUMENT_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    assertRefused(huge, Rule.DOCUMENT_TOO_LARGE, Optional.empty());
    TrustRootReader small =
        READER.withLimits(1024, TrustRootReader.DEFAULT_ARCHIVE_LIMITS, Limits.defaults());
    assertThatThrownBy(() -> small.read(generated.yaml(), FILE, TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            TrustRootRefusedException.class,
            e -> assertThat(e.rule()).isEqualTo(Rule.DOCUMENT_TOO_LARGE));
  }

  @Test
  void duplicateKeysInJsonAndYaml() {
    String json = new String(generated.json(), StandardCharsets.UTF_8);
    assertRefused(
        json.replaceFirst("\"kind\": \"TrustRoot\"", "\"kind\": \"TrustRoot\", \"kind\": \"Pod\"")
            .getBytes(StandardCharsets.UTF_8),
        Rule.MALFORMED_DOCUMENT,
        Optional.empty());
    String yaml = new String(generated.yaml(), StandardCharsets.UTF_8);
    assertRefused(
        yaml.replaceFirst("kind: \"TrustRoot\"\n", "kind: \"TrustRoot\"\nkind: \"Pod\"\n")
            .getBytes(StandardCharsets.UTF_8),
        Rule.MALFORMED_DOCUMENT,
        Optional.empty());
  }

  @Test
  void notOneObject() {
    String yaml = new String(generated.yaml(), StandardCharsets.UTF_8);
    for (String doc :
        new String[] {
          yaml + "---\n" + yaml, "- a\n- b\n", "[1, 2]", "{\"kind\": ", "key: [unclosed", ""
        }) {
      assertRefused(
          doc.getBytes(StandardCharsets.UTF_8), Rule.MALFORMED_DOCUMENT, Optional.empty());
    }
  }

  @Test
  void nestingFarDeeperThanATrustRootNeeds() {
    // Without the depth limit both would parse, and be refused later for their apiVersion.
    String json = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    assertRefused(json.getBytes(StandardCharsets.UTF_8), Rule.MALFORMED_DOCUMENT, Optional.empty());
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      yaml.append(" ".repeat(i)).append("a:\n");
    }
    yaml.append(" ".repeat(100)).append("b: 1\n");
    assertRefused(
        yaml.toString().getBytes(StandardCharsets.UTF_8),
        Rule.MALFORMED_DOCUMENT,
        Optional.empty());
  }

  @Test
  void tighterArchiveLimitsApply() {
    TrustRootReader strict =
        READER.withLimits(
            TrustRootReader.DEFAULT_MAX_DOCUMENT_BYTES,
            new ArchiveLimits(3, 1024 * 1024, 8 * 1024 * 1024),
            Limits.defaults());
    assertThatThrownBy(() -> strict.read(generated.resource(), TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(ArchiveRefusedException.Rule.TOO_MANY_ENTRIES);
              assertThat(e.archive()).isEqualTo("TrustRoot generated spec.repository.mirrorFS");
            });
  }

  /** The repository's files, to change and pack again. */
  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new TreeMap<>();
    for (String path : repo.paths()) {
      files.put(path, repo.bytes(path));
    }
    return files;
  }
}
