package dev.trustmirror.testkit.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sigstore.tuf.SignatureVerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated repositories are real TUF: sigstore-java's own client accepts them. */
class SigstoreJavaUpdaterTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path tmp;

  @Test
  void acceptsRepositoryWithRootRotationAndDelegatedRole() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot();
    Path published = tmp.resolve("published");
    repo.writePublished(published);
    SigstoreJavaClient client =
        SigstoreJavaClient.trusting(repo.metadata(RoleType.ROOT, 1), tmp.resolve("client"), NOW);

    client.update(published);

    assertThat(repo.version(RoleType.ROOT)).isEqualTo(2);
    assertThat(client.target("trusted_root.json"))
        .isEqualTo(repo.targets().get("trusted_root.json"));
    assertThat(client.target("rekor.pub")).isEqualTo(repo.targets().get("rekor.pub"));
  }

  @Test
  void followsRepositoryThroughRotationsAndTargetChanges() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW);
    SigstoreJavaClient client =
        SigstoreJavaClient.trusting(repo.metadata(RoleType.ROOT, 1), tmp.resolve("client"), NOW);
    repo.writePublished(tmp.resolve("v1"));
    client.update(tmp.resolve("v1"));

    Instant later = NOW.plus(Duration.ofDays(3));
    byte[] newTrustedRoot = "{\"mediaType\":\"changed\"}".getBytes(StandardCharsets.UTF_8);
    repo.at(later)
        .rotateRoot(2)
        .rotateOnlineKeys()
        .addOrChangeTarget("trusted_root.json", newTrustedRoot)
        .bumpDelegated();
    repo.writePublished(tmp.resolve("v2"));
    SigstoreJavaClient sameStore =
        SigstoreJavaClient.trusting(repo.metadata(RoleType.ROOT, 1), tmp.resolve("client"), later);
    sameStore.update(tmp.resolve("v2"));

    assertThat(sameStore.target("trusted_root.json")).isEqualTo(newTrustedRoot);
  }

  @Test
  void acceptsSha512AndMetaHashesOptions() throws Exception {
    RepoOptions options =
        RepoOptions.defaults().withSha512(true).withMetaHashes(true, true).withRootKeys(5, 3);
    RepoBuilder repo = RepoBuilder.create(options, NOW).rotateRoot().bumpTargets();
    repo.writePublished(tmp.resolve("published"));
    SigstoreJavaClient client =
        SigstoreJavaClient.trusting(repo.metadata(RoleType.ROOT, 1), tmp.resolve("client"), NOW);

    client.update(tmp.resolve("published"));

    assertThat(client.target("trusted_root.json"))
        .isEqualTo(repo.targets().get("trusted_root.json"));
  }

  @Test
  void refusesTimestampSignedByUntrustedKey() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW).rotateRoot();
    RepoScenario scenario = MetadataAttacks.on(repo).untrustedSigner(RoleType.TIMESTAMP);
    scenario.served().writeTo(tmp.resolve("served"));
    SigstoreJavaClient client =
        SigstoreJavaClient.trusting(
            scenario.served().get("1.root.json"), tmp.resolve("client"), NOW);

    assertThatThrownBy(() -> client.update(tmp.resolve("served")))
        .isInstanceOfSatisfying(
            SignatureVerificationException.class,
            e -> {
              assertThat(e.getRequiredSignatures()).isEqualTo(1);
              assertThat(e.getVerifiedSignatures()).isZero();
            });
  }

  @Test
  void refusesUntrustedTimestampAfterSyncingHonestState() throws Exception {
    RepoBuilder repo = RepoBuilder.create(NOW);
    RepoScenario scenario = MetadataAttacks.on(repo).untrustedSigner(RoleType.TIMESTAMP);
    SigstoreJavaClient client =
        SigstoreJavaClient.trusting(
            scenario.before().get("1.root.json"), tmp.resolve("client"), NOW);
    scenario.before().writeTo(tmp.resolve("before"));
    client.update(tmp.resolve("before"));
    scenario.served().writeTo(tmp.resolve("served"));

    assertThatThrownBy(() -> client.update(tmp.resolve("served")))
        .isInstanceOf(SignatureVerificationException.class);
  }
}
