package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.DELEGATED;
import static dev.trustmirror.testkit.tuf.RoleType.ROOT;
import static dev.trustmirror.testkit.tuf.RoleType.TARGETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.testkit.tuf.FileAttacks.Malformation;
import dev.trustmirror.testkit.tuf.FileAttacks.UnsafeTargetName;
import dev.trustmirror.testkit.tuf.RepoScenario.Expectation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenarios are what they claim, checked with our own signature checks: in particular those
 * that sigstore-java cannot judge (delegated role, unsafe target names, signature quirks).
 */
class AttackScenarioTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot();

  @TempDir Path tmp;

  private static JsonNode json(byte[] file) throws IOException {
    return TestData.readJson(file);
  }

  private static JsonNode servedMetadata(RepoScenario scenario, RoleType role, RepoOptions options)
      throws IOException {
    // the served layout holds one version of each non-root role: the highest
    String suffix = "." + role.roleName(options) + ".json";
    String name =
        scenario.served().paths().stream()
            .filter(p -> !p.contains("/") && p.endsWith(suffix))
            .max((a, b) -> Integer.compare(version(a), version(b)))
            .orElseThrow();
    return json(scenario.served().get(name));
  }

  private static int version(String publishedName) {
    return Integer.parseInt(publishedName.substring(0, publishedName.indexOf('.')));
  }

  @Test
  void scenariosLeaveTheRepositoryUnchanged() {
    RepoFiles before = repo.published();
    List<RepoScenario> all = new ArrayList<>(MetadataAttacks.on(repo).allRefusals());
    all.addAll(FileAttacks.on(repo).allRefusals(1024 * 1024));

    assertThat(repo.published().toMap()).containsOnlyKeys(before.paths());
    assertThat(repo.version(ROOT)).isEqualTo(2);
    assertThat(all)
        .allSatisfy(
            s -> {
              assertThat(s.expectation()).isEqualTo(Expectation.REFUSE);
              assertThat(s.clientTime()).isEqualTo(NOW);
              assertThat(s.rule()).startsWith("TUF");
              assertThat(s.served().toMap()).isNotEqualTo(s.before().toMap());
            })
        .extracting(RepoScenario::name)
        .doesNotHaveDuplicates();
  }

  @Test
  void rollbackServesValidlySignedOlderTimestamp() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).timestampRollback();
    JsonNode trusted = json(scenario.before().get("timestamp.json"));
    JsonNode served = json(scenario.served().get("timestamp.json"));
    JsonNode root = json(scenario.served().get("2.root.json"));

    assertThat(served.at("/signed/version").asInt())
        .isLessThan(trusted.at("/signed/version").asInt());
    assertThat(SignatureChecks.validSigners(served, root, "timestamp")).hasSize(1);
  }

  @Test
  void delegatedRollbackListsOlderDelegatedVersionInNewerSnapshot() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).delegatedRollback();
    JsonNode trusted = json(scenario.before().get("timestamp.json"));
    JsonNode served = json(scenario.served().get("timestamp.json"));
    JsonNode trustedSnapshot = servedMetadata(scenario, RoleType.SNAPSHOT, repo.options());

    assertThat(served.at("/signed/version").asInt())
        .isGreaterThan(trusted.at("/signed/version").asInt());
    assertThat(trustedSnapshot.at("/signed/meta/example.org.json/version").asInt()).isEqualTo(1);
    assertThat(scenario.before().paths()).contains("2.example.org.json");
  }

  @Test
  void expiredDelegatedRoleIsValidlySignedButExpired() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).expired(DELEGATED);
    JsonNode delegated = servedMetadata(scenario, DELEGATED, repo.options());

    assertThat(Instant.parse(delegated.at("/signed/expires").asText()))
        .isBefore(scenario.clientTime());
    assertThat(delegatedSigners(scenario, delegated)).hasSize(1);
  }

  @Test
  void delegatedRoleBelowThresholdHasNoValidSignature() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).belowThreshold(DELEGATED);
    JsonNode delegated = servedMetadata(scenario, DELEGATED, repo.options());

    assertThat(delegated.at("/signed/version").asInt()).isEqualTo(2);
    assertThat(delegated.get("signatures")).isEmpty();
  }

  @Test
  void delegatedRoleSignedByStrangerCarriesValidSignatureOfUntrustedKey() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).untrustedSigner(DELEGATED);
    JsonNode delegated = servedMetadata(scenario, DELEGATED, repo.options());
    JsonNode signature = delegated.get("signatures").get(0);

    assertThat(delegated.get("signatures")).hasSize(1);
    assertThat(signature.get("keyid").asText()).isNotEqualTo(repo.keys().delegated().keyId());
    assertThat(delegatedSigners(scenario, delegated)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Malformation.class)
  void malformedDelegatedRoleIsBrokenAsNamed(Malformation kind) throws Exception {
    RepoScenario scenario = FileAttacks.on(repo).malformed(DELEGATED, kind);
    byte[] file = scenario.served().get("2.example.org.json");

    switch (kind) {
      case TRUNCATED -> assertThatThrownBy(() -> json(file)).isInstanceOf(IOException.class);
      case MISSING_SIGNED -> assertThat(json(file).has("signed")).isFalse();
      case WRONG_TYPES -> {
        JsonNode envelope = json(file);
        assertThat(envelope.at("/signed/version").isTextual()).isTrue();
        assertThat(envelope.at("/signed/targets").isArray()).isTrue();
        assertThat(delegatedSigners(scenario, envelope)).hasSize(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(UnsafeTargetName.class)
  void unsafeTargetNameIsValidlySignedIntoTargets(UnsafeTargetName name) throws Exception {
    RepoScenario scenario = FileAttacks.on(repo).unsafeTargetName(name);
    JsonNode targets = servedMetadata(scenario, TARGETS, repo.options());
    JsonNode root = json(scenario.served().get("2.root.json"));

    assertThat(targets.at("/signed/targets").has(name.targetName())).isTrue();
    assertThat(SignatureChecks.validSigners(targets, root, "targets")).hasSize(1);
  }

  @Test
  void writingUnsafeTargetNamesNeverLeavesTheDirectory() throws Exception {
    Path served = tmp.resolve("a/b/served");
    for (UnsafeTargetName name : UnsafeTargetName.values()) {
      FileAttacks.on(repo).unsafeTargetName(name).served().writeTo(served);
    }

    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile)).allMatch(f -> f.startsWith(served));
    }
    assertThat(Path.of("/tmp")).isDirectoryNotContaining("glob:**trust-mirror-escape.json");
    assertThat(RepoFiles.isWritable("targets/../../x")).isFalse();
    assertThat(RepoFiles.isWritable("targets/a\u0000b")).isFalse();
    assertThat(RepoFiles.isWritable("targets//etc/abc.passwd")).isTrue();
  }

  @Test
  void quirksKeepThresholdsWhileAddingEmptyAndUnknownSignatures() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).quirks();
    JsonNode previous = json(scenario.served().get("2.root.json"));
    JsonNode root = json(scenario.served().get("3.root.json"));
    JsonNode timestamp = json(scenario.served().get("timestamp.json"));

    assertThat(scenario.expectation()).isEqualTo(Expectation.ACCEPT);
    assertThat(root.get("signatures").findValuesAsText("sig")).contains("");
    assertThat(root.get("signatures").findValuesAsText("keyid"))
        .anyMatch(id -> !root.at("/signed/keys").has(id));
    assertThat(SignatureChecks.validSigners(root, previous, "root")).hasSize(2);
    assertThat(SignatureChecks.validSigners(root, root, "root")).hasSize(2);
    assertThat(timestamp.get("signatures")).hasSize(2);
    assertThat(SignatureChecks.validSigners(timestamp, root, "timestamp")).hasSize(1);
  }

  @Test
  void rootNotSignedByPreviousRootMeetsOnlyItsOwnThreshold() throws Exception {
    RepoScenario scenario = MetadataAttacks.on(repo).rootNotSignedByPreviousRoot();
    JsonNode previous = json(scenario.served().get("2.root.json"));
    JsonNode root = json(scenario.served().get("3.root.json"));

    assertThat(SignatureChecks.validSigners(root, previous, "root")).isEmpty();
    assertThat(SignatureChecks.validSigners(root, root, "root")).hasSize(3);
  }

  @Test
  void oversizeTimestampIsStillValidJsonWithValidSignature() throws Exception {
    RepoScenario scenario = FileAttacks.on(repo).oversizeTimestamp(3 * 1024 * 1024);
    byte[] file = scenario.served().get("timestamp.json");
    JsonNode root = json(scenario.served().get("2.root.json"));

    assertThat(file).hasSize(3 * 1024 * 1024);
    assertThat(SignatureChecks.validSigners(json(file), root, "timestamp")).hasSize(1);
  }

  private static List<String> delegatedSigners(RepoScenario scenario, JsonNode delegated)
      throws IOException {
    JsonNode targets = servedMetadata(scenario, TARGETS, RepoOptions.defaults());
    return List.copyOf(
        SignatureChecks.validSigners(
            delegated,
            targets.at("/signed/delegations/keys"),
            targets.at("/signed/delegations/roles/0/keyids")));
  }
}
