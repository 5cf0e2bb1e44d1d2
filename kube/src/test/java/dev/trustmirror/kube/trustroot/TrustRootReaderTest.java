package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException.Rule;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.ExpiredMetadataException;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.ThresholdNotMetException;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reading a TrustRoot back: only through the TUF client, from the right anchor, as of the right
 * time. Repository → TrustRoot → repository gives every path and byte back.
 */
class TrustRootReaderTest {
  static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
  static final Instant GEN_NOW = TestRepositories.GENERATED_AT.plus(Duration.ofHours(1));

  static TrustRootReader readerAt(Instant now) {
    return TrustRootReader.create(Clock.fixed(now, ZoneOffset.UTC));
  }

  static void assertSameRepository(VerifiedRepository actual, VerifiedRepository expected) {
    assertThat(actual.paths()).isEqualTo(expected.paths());
    for (String path : expected.paths()) {
      assertThat(actual.bytes(path)).as(path).isEqualTo(expected.bytes(path));
    }
    assertThat(actual.roles()).isEqualTo(expected.roles());
    assertThat(actual.contentHash()).isEqualTo(expected.contentHash());
    assertThat(actual.verifiedAt()).isEqualTo(expected.verifiedAt());
  }

  @Test
  void history08RoundTripsByteForByteFromTheResourceYamlAndJson() throws Exception {
    VerifiedRepository repo = TestRepositories.history08();
    GeneratedTrustRoot g =
        TrustRootResources.generate(
            "sigstore", TrustRootForm.REPOSITORY, repo, TestRepositories.history08Root());
    TrustRootReader reader = readerAt(TestRepositories.POINT.validAt());

    VerifiedTrustRoot fromResource = reader.read(g.resource(), TrustAnchor.resourceRoot());
    assertSameRepository(fromResource.repository(), repo);
    assertThat(fromResource.name()).isEqualTo("sigstore");
    assertThat(fromResource.resourceVersion()).isEmpty();
    assertThat(fromResource.state().version("timestamp")).contains(762);
    assertThat(fromResource.state().rootVersion()).isEqualTo(15);

    assertSameRepository(
        reader.read(g.yaml(), "sigstore.yaml", TrustAnchor.resourceRoot()).repository(), repo);
    assertSameRepository(
        reader.read(g.json(), "sigstore.json", TrustAnchor.resourceRoot()).repository(), repo);
  }

  @Test
  void generatedRepositoryWithRotationsAndDelegationRoundTrips() throws Exception {
    RepoBuilder builder =
        RepoBuilder.create(TestRepositories.GENERATED_AT)
            .rotateRoot()
            .rotateOnlineKeys()
            .addOrChangeDelegatedTarget("example.org/more.json", "{}".getBytes())
            .addOrChangeTarget("extra.txt", "x".getBytes());
    VerifiedRepository repo = TestRepositories.generated(builder);
    GeneratedTrustRoot g =
        TrustRootResources.generate(
            "generated", TrustRootForm.REPOSITORY, repo, TestRepositories.rootOf(builder));
    VerifiedTrustRoot back = readerAt(GEN_NOW).read(g.yaml(), "g.yaml", TrustAnchor.resourceRoot());
    assertSameRepository(back.repository(), repo);
    // rotateRoot and rotateOnlineKeys each publish a new root
    assertThat(back.repository().rootVersion()).isEqualTo(3);
    assertThat(back.repository().paths()).contains("1.root.json", "2.root.json", "3.root.json");
  }

  @Test
  void carriesTheResourceVersionOfAResourceFromTheApi() throws Exception {
    RepoBuilder builder = RepoBuilder.create(TestRepositories.GENERATED_AT);
    GenericKubernetesResource r = generated(builder).resource();
    r.getMetadata().setResourceVersion("4711");
    VerifiedTrustRoot back = readerAt(GEN_NOW).read(r, TrustAnchor.resourceRoot());
    assertThat(back.resourceVersion()).isEqualTo(Optional.of("4711"));
  }

  @Test
  void verifiesAsOfTheVerifiedAtAnnotationSoAnOldResourceStillReads() throws Exception {
    GeneratedTrustRoot g =
        TrustRootResources.generate(
            "sigstore",
            TrustRootForm.REPOSITORY,
            TestRepositories.history08(),
            TestRepositories.history08Root());
    VerifiedTrustRoot back = readerAt(LATER).read(g.resource(), TrustAnchor.resourceRoot());
    assertThat(back.repository().verifiedAt()).isEqualTo(TestRepositories.POINT.validAt());
  }

  @Test
  void withoutTheAnnotationVerifiesAsOfNowAndRefusesWhatExpired() throws Exception {
    RepoBuilder builder = RepoBuilder.create(TestRepositories.GENERATED_AT);
    ObjectNode tree = Resources.tree(generated(builder));
    ((ObjectNode) tree.path("metadata").path("annotations"))
        .remove(TrustRootResources.VERIFIED_AT_ANNOTATION);
    Instant afterTimestampExpiry = TestRepositories.GENERATED_AT.plus(Duration.ofDays(8));
    assertThatThrownBy(
            () ->
                readerAt(afterTimestampExpiry)
                    .read(Resources.json(tree), "t.json", TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            ExpiredMetadataException.class,
            e -> {
              assertThat(e.role()).isEqualTo("timestamp");
              assertThat(e.now()).isEqualTo(afterTimestampExpiry);
              assertThat(e.expires())
                  .isEqualTo(TestRepositories.GENERATED_AT.plus(Duration.ofDays(7)));
            });
    // Within the timestamp's life, the same resource reads, as of now.
    VerifiedTrustRoot back =
        readerAt(GEN_NOW).read(Resources.json(tree), "t.json", TrustAnchor.resourceRoot());
    assertThat(back.repository().verifiedAt()).isEqualTo(GEN_NOW);
  }

  @Test
  void aVerifiedAtInTheFutureIsNotBelieved() throws Exception {
    RepoBuilder builder = RepoBuilder.create(TestRepositories.GENERATED_AT);
    ObjectNode tree = Resources.tree(generated(builder));
    ((ObjectNode) tree.path("metadata").path("annotations"))
        .put(TrustRootResources.VERIFIED_AT_ANNOTATION, "2099-01-01T00:00:00Z");
    Instant afterTimestampExpiry = TestRepositories.GENERATED_AT.plus(Duration.ofDays(8));
    assertThatThrownBy(
            () ->
                readerAt(afterTimestampExpiry)
                    .read(Resources.json(tree), "t.json", TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            ExpiredMetadataException.class,
            e -> assertThat(e.now()).isEqualTo(afterTimestampExpiry));
  }

  @Test
  void refusesAVerifiedAtThatIsNotAnInstant() throws Exception {
    ObjectNode tree = Resources.tree(generated(RepoBuilder.create(TestRepositories.GENERATED_AT)));
    ((ObjectNode) tree.path("metadata").path("annotations"))
        .put(TrustRootResources.VERIFIED_AT_ANNOTATION, "yesterday");
    assertThatThrownBy(
            () ->
                readerAt(GEN_NOW).read(Resources.json(tree), "t.json", TrustAnchor.resourceRoot()))
        .isInstanceOfSatisfying(
            TrustRootRefusedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.BAD_ANNOTATION);
              assertThat(e.field()).contains("metadata.annotations.trust-mirror.dev/verified-at");
            });
  }

  @Test
  void anOperatorPinnedRootAcceptsTheGenuineResource() throws Exception {
    RepoBuilder genuine = RepoBuilder.create(TestRepositories.GENERATED_AT).rotateRoot();
    VerifiedTrustRoot back =
        readerAt(GEN_NOW)
            .read(
                generated(genuine).resource(),
                TrustAnchor.pinnedRoot(TestRepositories.rootOf(genuine)));
    assertThat(back.repository().rootVersion()).isEqualTo(2);
  }

  @Test
  void anOperatorPinnedRootRefusesAResourceSignedByOtherKeys() throws Exception {
    RepoBuilder genuine = RepoBuilder.create(TestRepositories.GENERATED_AT);
    RepoBuilder attacker = RepoBuilder.create(TestRepositories.GENERATED_AT);
    GenericKubernetesResource forged = generated(attacker).resource();
    // On its own, the forged resource is a consistent repository ...
    readerAt(GEN_NOW).read(forged, TrustAnchor.resourceRoot());
    // ... but not the operator's.
    assertThatThrownBy(
            () ->
                readerAt(GEN_NOW)
                    .read(forged, TrustAnchor.pinnedRoot(TestRepositories.rootOf(genuine))))
        .isInstanceOfSatisfying(
            ThresholdNotMetException.class, e -> assertThat(e.role()).isEqualTo("timestamp"));
  }

  @Test
  void anOperatorPinnedRootRefusesAGenuineMirrorWithAForeignRootToStartFrom() throws Exception {
    RepoBuilder genuine = RepoBuilder.create(TestRepositories.GENERATED_AT);
    RepoBuilder attacker = RepoBuilder.create(TestRepositories.GENERATED_AT);
    ObjectNode tree = Resources.tree(generated(genuine));
    Resources.repository(tree).put("root", Resources.encode(TestRepositories.rootOf(attacker)));
    byte[] doc = Resources.json(tree);
    assertThatThrownBy(
            () ->
                readerAt(GEN_NOW)
                    .read(doc, "t.json", TrustAnchor.pinnedRoot(TestRepositories.rootOf(genuine))))
        .isInstanceOfSatisfying(
            TrustRootRefusedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.ROOT_NOT_IN_CHAIN);
              assertThat(e.field()).contains("spec.repository.root");
            });
    assertThatThrownBy(() -> readerAt(GEN_NOW).read(doc, "t.json", TrustAnchor.resourceRoot()))
        .isInstanceOf(ThresholdNotMetException.class);
  }

  @Test
  void aPreviousStateAcceptsNewerAndRefusesOlderResources() throws Exception {
    RepoBuilder builder = RepoBuilder.create(TestRepositories.GENERATED_AT);
    GenericKubernetesResource first = generated(builder).resource();
    builder.bumpTimestamp();
    GenericKubernetesResource second = generated(builder).resource();
    TrustRootReader reader = readerAt(GEN_NOW);

    VerifiedTrustRoot v1 = reader.read(first, TrustAnchor.resourceRoot());
    VerifiedTrustRoot v2 = reader.read(second, TrustAnchor.previousState(v1.state()));
    assertThat(v2.state().version("timestamp")).contains(2);
    // The same resource again is no rollback.
    reader.read(second, TrustAnchor.previousState(v2.state()));
    assertThatThrownBy(() -> reader.read(first, TrustAnchor.previousState(v2.state())))
        .isInstanceOfSatisfying(
            RollbackException.class,
            e -> {
              assertThat(e.role()).isEqualTo("timestamp");
              assertThat(e.trustedVersion()).isEqualTo(2);
              assertThat(e.foundVersion()).isEqualTo(1);
            });
  }

  static GeneratedTrustRoot generated(RepoBuilder builder) throws Exception {
    return TrustRootResources.generate(
        "generated",
        TrustRootForm.REPOSITORY,
        TestRepositories.generated(builder),
        TestRepositories.rootOf(builder));
  }
}
