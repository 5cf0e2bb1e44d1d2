package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.DELEGATED;
import static dev.trustmirror.testkit.tuf.RoleType.ROOT;
import static dev.trustmirror.testkit.tuf.RoleType.SNAPSHOT;
import static dev.trustmirror.testkit.tuf.RoleType.TARGETS;
import static dev.trustmirror.testkit.tuf.RoleType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoBuilderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T12:30:45.678Z");

  @TempDir Path tmp;

  private static JsonNode json(byte[] file) throws Exception {
    return TestData.readJson(file);
  }

  private static List<String> keyIds(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private static String sha256(Map<String, byte[]> targets, String name) {
    return Digests.sha256Hex(targets.get(name));
  }

  @Test
  void publishesConsistentSnapshotLayoutLikeSigstoreCdn() {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot();
    Map<String, byte[]> targets = repo.targets();
    String keys = Digests.sha256Hex(repo.delegatedTargets().get("example.org/keys.json"));

    assertThat(repo.published().paths())
        .containsExactlyInAnyOrder(
            "1.root.json",
            "2.root.json",
            "timestamp.json",
            "1.snapshot.json",
            "1.targets.json",
            "1.example.org.json",
            "targets/" + sha256(targets, "trusted_root.json") + ".trusted_root.json",
            "targets/" + sha256(targets, "rekor.pub") + ".rekor.pub",
            "targets/" + sha256(targets, "fulcio.crt.pem") + ".fulcio.crt.pem",
            "targets/example.org/" + keys + ".keys.json");
  }

  @Test
  void publishesTargetsUnderSha512TooWhenListed() throws Exception {
    RepoBuilder repo = RepoBuilder.create(RepoOptions.defaults().withSha512(true), NOW);
    byte[] trustedRoot = repo.targets().get("trusted_root.json");
    JsonNode entry = json(repo.metadata(TARGETS)).at("/signed/targets/trusted_root.json");

    assertThat(entry.at("/hashes/sha512").asText()).isEqualTo(Digests.sha512Hex(trustedRoot));
    assertThat(
            repo.published()
                .get("targets/" + Digests.sha512Hex(trustedRoot) + ".trusted_root.json"))
        .isEqualTo(trustedRoot);
  }

  @Test
  void writesTufOnCiGitLayout() {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot().rotateRoot();
    RepoFiles git = repo.gitLayout();

    assertThat(git.paths())
        .containsExactlyInAnyOrder(
            "metadata/root.json",
            "metadata/root_history/1.root.json",
            "metadata/root_history/2.root.json",
            "metadata/root_history/3.root.json",
            "metadata/timestamp.json",
            "metadata/snapshot.json",
            "metadata/targets.json",
            "metadata/example.org.json",
            "targets/trusted_root.json",
            "targets/rekor.pub",
            "targets/fulcio.crt.pem",
            "targets/example.org/keys.json");
    assertThat(git.get("metadata/root.json")).isEqualTo(repo.metadata(ROOT, 3));
    assertThat(git.get("metadata/targets.json")).isEqualTo(repo.metadata(TARGETS));
  }

  @Test
  void writtenDirectoryHoldsExactlyThePublishedFiles() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW);
    repo.writePublished(tmp);

    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> tmp.relativize(f).toString()))
          .containsExactlyInAnyOrderElementsOf(repo.publishedFiles().keySet());
    }
    for (Map.Entry<String, byte[]> file : repo.publishedFiles().entrySet()) {
      assertThat(tmp.resolve(file.getKey())).hasBinaryContent(file.getValue());
    }
  }

  @Test
  void rotatedRootIsSignedByThresholdOfOldAndNewKeys() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot(2);
    JsonNode first = json(repo.metadata(ROOT, 1));
    JsonNode second = json(repo.metadata(ROOT, 2));

    assertThat(SignatureChecks.validSigners(second, first, "root")).hasSize(2);
    assertThat(SignatureChecks.validSigners(second, second, "root")).hasSize(2);
    assertThat(keyIds(second.at("/signed/roles/root/keyids")))
        .hasSize(3)
        .containsOnlyOnceElementsOf(keyIds(first.at("/signed/roles/root/keyids")).subList(2, 3))
        .doesNotContainAnyElementsOf(keyIds(first.at("/signed/roles/root/keyids")).subList(0, 2));
    assertThat(repo.allKeys()).hasSize(repo.keys().all().size() + 2);
  }

  @Test
  void everyRoleIsSignedByTheKeysTrustedForIt() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateOnlineKeys();
    JsonNode root = json(repo.metadata(ROOT));
    JsonNode targets = json(repo.metadata(TARGETS));
    JsonNode delegation = targets.at("/signed/delegations/roles/0");

    for (RoleType role : new RoleType[] {ROOT, TIMESTAMP, SNAPSHOT, TARGETS}) {
      assertThat(
              SignatureChecks.validSigners(
                  json(repo.metadata(role)), root, role.roleName(repo.options())))
          .as(role.name())
          .isNotEmpty();
    }
    assertThat(
            SignatureChecks.validSigners(
                json(repo.metadata(DELEGATED)),
                targets.at("/signed/delegations/keys"),
                delegation.get("keyids")))
        .containsExactly(repo.keys().delegated().keyId());
  }

  @Test
  void rootDescribesConsistentSnapshotSpecVersionAndThresholds() throws Exception {
    JsonNode signed = json(RepoBuilder.create(NOW).metadata(ROOT)).get("signed");

    assertThat(signed.get("_type").asText()).isEqualTo("root");
    assertThat(signed.get("consistent_snapshot").asBoolean()).isTrue();
    assertThat(signed.get("spec_version").asText()).isEqualTo("1.0");
    assertThat(signed.at("/roles/root/threshold").asInt()).isEqualTo(2);
    assertThat(signed.at("/roles/root/keyids")).hasSize(3);
    assertThat(signed.at("/roles/targets/threshold").asInt()).isEqualTo(1);
    assertThat(signed.get("keys")).hasSize(6);
  }

  @Test
  void delegatesItsPathsToTheTerminatingDelegatedRole() throws Exception {
    RepoBuilder repo =
        RepoBuilder.create(RepoOptions.defaults().withDelegatedRole("npm.test"), NOW);
    JsonNode role = json(repo.metadata(TARGETS)).at("/signed/delegations/roles/0");

    assertThat(role.get("name").asText()).isEqualTo("npm.test");
    assertThat(role.get("paths").get(0).asText()).isEqualTo("npm.test/*");
    assertThat(role.get("terminating").asBoolean()).isTrue();
    assertThat(role.get("threshold").asInt()).isEqualTo(1);
    assertThat(json(repo.metadata(DELEGATED)).at("/signed/targets").fieldNames())
        .toIterable()
        .containsExactly("npm.test/keys.json");
    assertThat(repo.published().paths()).contains("1.npm.test.json");
  }

  @Test
  void targetsListLengthHashAndCustom() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW);
    JsonNode targets = json(repo.metadata(TARGETS)).at("/signed/targets");
    byte[] rekor = repo.targets().get("rekor.pub");

    assertThat(targets.at("/rekor.pub/length").asInt()).isEqualTo(rekor.length);
    assertThat(targets.at("/rekor.pub/hashes/sha256").asText()).isEqualTo(Digests.sha256Hex(rekor));
    assertThat(targets.at("/rekor.pub/custom/sigstore/usage").asText()).isEqualTo("Rekor");
    assertThat(targets.at("/trusted_root.json/custom").isMissingNode()).isTrue();
  }

  @Test
  void snapshotAndTimestampListCurrentVersions() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).bumpTargets().bumpTargets().bumpDelegated();

    JsonNode snapshot = json(repo.metadata(SNAPSHOT)).get("signed");
    assertThat(snapshot.at("/meta/targets.json/version").asInt()).isEqualTo(3);
    assertThat(snapshot.at("/meta/example.org.json/version").asInt()).isEqualTo(2);
    assertThat(snapshot.at("/meta/targets.json/hashes").isMissingNode()).isTrue();
    JsonNode timestamp = json(repo.metadata(TIMESTAMP)).get("signed");
    assertThat(timestamp.at("/meta/snapshot.json/version").asInt()).isEqualTo(4);
    assertThat(timestamp.get("version").asInt()).isEqualTo(4);
    assertThat(repo.published().paths()).contains("4.snapshot.json", "3.targets.json");
  }

  @Test
  void listsLengthAndHashesOfMetadataWhenAsked() throws Exception {
    RepoBuilder repo = RepoBuilder.create(RepoOptions.defaults().withMetaHashes(true, true), NOW);

    JsonNode entry = json(repo.metadata(TIMESTAMP)).at("/signed/meta/snapshot.json");
    assertThat(entry.get("length").asInt()).isEqualTo(repo.metadata(SNAPSHOT).length);
    assertThat(entry.at("/hashes/sha256").asText())
        .isEqualTo(Digests.sha256Hex(repo.metadata(SNAPSHOT)));
    JsonNode targets = json(repo.metadata(SNAPSHOT)).at("/signed/meta/targets.json");
    assertThat(targets.at("/hashes/sha256").asText())
        .isEqualTo(Digests.sha256Hex(repo.metadata(TARGETS)));
  }

  @Test
  void computesExpiryFromTheGivenInstant() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW);
    Instant later = NOW.plus(Duration.ofDays(10));
    repo.at(later).bumpTimestamp();

    assertThat(json(repo.metadata(ROOT)).at("/signed/expires").asText())
        .isEqualTo("2031-01-01T12:30:45Z");
    assertThat(json(repo.metadata(SNAPSHOT)).at("/signed/expires").asText())
        .isEqualTo("2030-01-31T12:30:45Z");
    assertThat(json(repo.metadata(TIMESTAMP)).at("/signed/expires").asText())
        .isEqualTo("2030-01-18T12:30:45Z");
  }

  @Test
  void pinsExpiryOfOneNewVersionOnly() throws Exception {
    RepoBuilder repo =
        RepoBuilder.create(NOW).expire(SNAPSHOT, Instant.parse("2029-12-31T00:00:00Z"));
    assertThat(json(repo.metadata(SNAPSHOT)).at("/signed/expires").asText())
        .isEqualTo("2029-12-31T00:00:00Z");
    assertThat(repo.version(SNAPSHOT)).isEqualTo(2);

    repo.bumpSnapshot();
    assertThat(json(repo.metadata(SNAPSHOT)).at("/signed/expires").asText())
        .isEqualTo("2030-01-31T12:30:45Z");
  }

  @Test
  void rotatingOnlineKeysPublishesRootAndMetadataSignedByNewKeys() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW);
    TestKey oldTimestampKey = repo.keys().timestamp();
    repo.rotateOnlineKeys();
    JsonNode root = json(repo.metadata(ROOT));

    assertThat(repo.version(ROOT)).isEqualTo(2);
    assertThat(root.at("/signed/roles/timestamp/keyids/0").asText())
        .isEqualTo(repo.keys().timestamp().keyId())
        .isNotEqualTo(oldTimestampKey.keyId());
    assertThat(SignatureChecks.validSigners(json(repo.metadata(TIMESTAMP)), root, "timestamp"))
        .containsExactly(repo.keys().timestamp().keyId());
  }

  @Test
  void changingTargetPublishesNewTargetsSnapshotAndTimestamp() {
    RepoBuilder repo = RepoBuilder.create(NOW);
    byte[] content = "new".getBytes(StandardCharsets.UTF_8);
    repo.addOrChangeTarget("signing_config.v0.2.json", content);

    assertThat(repo.version(TARGETS)).isEqualTo(2);
    assertThat(repo.version(SNAPSHOT)).isEqualTo(2);
    assertThat(repo.version(TIMESTAMP)).isEqualTo(2);
    assertThat(repo.version(ROOT)).isEqualTo(1);
    assertThat(
            repo.published()
                .get("targets/" + Digests.sha256Hex(content) + ".signing_config.v0.2.json"))
        .isEqualTo(content);
  }

  @Test
  void copyEvolvesIndependently() {
    RepoBuilder repo = RepoBuilder.create(NOW);
    RepoBuilder copy = repo.copy().bumpTargets().rotateRoot();

    assertThat(repo.version(TARGETS)).isEqualTo(1);
    assertThat(repo.version(ROOT)).isEqualTo(1);
    assertThat(copy.version(TARGETS)).isEqualTo(2);
    assertThat(copy.metadata(ROOT, 1)).isEqualTo(repo.metadata(ROOT, 1));
  }

  @Test
  void writesMetadataPrettyPrintedWithSortedKeysLikeTheRealFiles() {
    String file = new String(RepoBuilder.create(NOW).metadata(TIMESTAMP), StandardCharsets.UTF_8);

    assertThat(file)
        .startsWith("{\n \"signatures\": [\n  {\n   \"keyid\": \"")
        .contains("\n \"signed\": {\n  \"_type\": \"timestamp\",\n  \"expires\": ")
        .endsWith("\n  \"version\": 1\n }\n}");
  }
}
