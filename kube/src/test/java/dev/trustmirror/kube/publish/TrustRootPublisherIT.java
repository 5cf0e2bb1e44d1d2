package dev.trustmirror.kube.publish;

import static dev.trustmirror.kube.publish.Cluster.NAME;
import static dev.trustmirror.kube.publish.Repositories.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.kube.publish.PublishOutcome.Action;
import dev.trustmirror.kube.publish.TrustRootCondition.Status;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.trustroot.TrustRootTooLargeException;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher against fabric8's mock API server in CRUD mode: what it writes to the TrustRoot's
 * spec, and when it writes nothing.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootPublisherIT {
  KubernetesClient client;
  KubernetesMockServer server;
  Cluster cluster;
  MovableClock clock;
  RepoBuilder repo;

  @BeforeEach
  void cluster() {
    TrustRootCrd.register(server);
    cluster = new Cluster(client);
    clock = new MovableClock(T0.plus(Duration.ofHours(1)));
    repo = RepoBuilder.create(T0);
  }

  private TrustRootPublisher publisher(PublishSettings settings) {
    return new TrustRootPublisher(client, settings, Leadership.alone(), clock);
  }

  private TrustRootPublisher publisher() {
    return publisher(PublishSettings.of(NAME));
  }

  @Test
  void firstSyncCreatesTheResourceWhichReadsBackThroughTheTufVerification() throws Exception {
    VerifiedRepository v1 = Repositories.generated(repo);

    PublishOutcome outcome = publisher().publish(v1, Repositories.rootOf(repo));

    assertThat(outcome.action()).isEqualTo(Action.CREATED);
    assertThat(outcome.generation()).hasValue(1);
    assertThat(outcome.statusWritten()).isTrue();
    assertThat(outcome.events()).containsExactly("Synced");
    GenericKubernetesResource r = cluster.trustRoot();
    assertThat(r.getMetadata().getLabels())
        .containsEntry(TrustRootResources.MANAGED_BY_LABEL, TrustRootResources.MANAGED_BY);
    VerifiedTrustRoot back =
        TrustRootReader.create(clock).read(r, TrustAnchor.pinnedRoot(Repositories.rootOf(repo)));
    assertThat(back.repository().contentHash()).isEqualTo(v1.contentHash());
    assertThat(back.repository().paths()).isEqualTo(v1.paths());
    for (String path : v1.paths()) {
      assertThat(back.repository().bytes(path)).as(path).isEqualTo(v1.bytes(path));
    }
  }

  @Test
  void firstSyncWritesConditionsAndASyncedEventInTheDefaultNamespace() throws Exception {
    publisher().publish(Repositories.generated(repo), Repositories.rootOf(repo));

    Map<String, TrustRootCondition> c = cluster.conditions();
    Instant written = clock.instant();
    assertThat(c.get(TrustRootCondition.READY))
        .extracting(
            TrustRootCondition::status,
            TrustRootCondition::reason,
            TrustRootCondition::lastTransitionTime,
            TrustRootCondition::observedGeneration)
        .containsExactly(
            Status.TRUE, "Verified", java.util.Optional.of(written), java.util.OptionalLong.of(1));
    assertThat(c.get(TrustRootCondition.READY).message())
        .contains("timestamp v1 is valid until " + T0.plus(Duration.ofDays(7)));
    assertThat(c.get(TrustRootCondition.EXPIRES_SOON).status()).isEqualTo(Status.FALSE);
    assertThat(c.get(TrustRootCondition.EXPIRES_SOON).reason()).isEqualTo("OutsideWarningWindow");
    assertThat(c.get(TrustRootCondition.SYNC_FAILED).status()).isEqualTo(Status.FALSE);
    assertThat(c.get(TrustRootCondition.SYNC_FAILED).reason()).isEqualTo("Succeeded");

    Event synced = cluster.events("Synced").get(0);
    assertThat(cluster.events()).hasSize(1);
    assertThat(synced.getType()).isEqualTo("Normal");
    assertThat(synced.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(synced.getInvolvedObject().getKind()).isEqualTo("TrustRoot");
    assertThat(synced.getInvolvedObject().getApiVersion())
        .isEqualTo("policy.sigstore.dev/v1alpha1");
    assertThat(synced.getInvolvedObject().getNamespace()).isNull();
    assertThat(synced.getInvolvedObject().getUid())
        .isEqualTo(cluster.trustRoot().getMetadata().getUid());
    assertThat(synced.getCount()).isEqualTo(1);
    assertThat(synced.getFirstTimestamp()).isEqualTo(written.toString());
    assertThat(synced.getSource().getComponent()).isEqualTo("trust-mirror-sync-agent");
  }

  @Test
  void anUpdatedSourceReplacesTheSpecWithTheNewTimestampVersion() throws Exception {
    TrustRootPublisher publisher = publisher();
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    Instant firstWrite = clock.instant();
    repo.at(T0.plus(Duration.ofDays(1))).bumpTimestamp();
    VerifiedRepository v2 = Repositories.generated(repo);
    clock.set(T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));

    PublishOutcome outcome = publisher.publish(v2, Repositories.rootOf(repo));

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    assertThat(outcome.generation()).hasValue(2);
    assertThat(outcome.events()).containsExactly("Synced");
    GenericKubernetesResource r = cluster.trustRoot();
    assertThat(r.getMetadata().getAnnotations())
        .containsEntry(TrustRootResources.TIMESTAMP_VERSION_ANNOTATION, "2")
        .containsEntry(TrustRootResources.CONTENT_HASH_ANNOTATION, v2.contentHash());
    VerifiedTrustRoot back =
        TrustRootReader.create(clock).read(r, TrustAnchor.pinnedRoot(Repositories.rootOf(repo)));
    assertThat(back.repository().timestampVersion()).isEqualTo(2);
    assertThat(back.repository().contentHash()).isEqualTo(v2.contentHash());
    // Ready stayed True: its transition time stays, its generation and message follow
    TrustRootCondition ready = cluster.conditions().get(TrustRootCondition.READY);
    assertThat(ready.lastTransitionTime()).contains(firstWrite);
    assertThat(ready.observedGeneration()).hasValue(2);
    assertThat(ready.message()).contains("timestamp v2");
    assertThat(cluster.events("Synced")).hasSize(2);
  }

  @Test
  void anUnchangedRepositoryWritesNothing() throws Exception {
    TrustRootPublisher publisher = publisher();
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    String before = cluster.resourceVersion();
    List<Event> eventsBefore = cluster.events();
    // The same files verified later: a new verifiedAt, the same content
    clock.advance(Duration.ofHours(6));
    VerifiedRepository again =
        Repositories.verify(repo.publishedFiles(), Repositories.rootOf(repo), clock.instant());

    PublishOutcome outcome = publisher.publish(again, Repositories.rootOf(repo));

    assertThat(outcome.action()).isEqualTo(Action.UNCHANGED);
    assertThat(outcome.statusWritten()).isFalse();
    assertThat(outcome.events()).isEmpty();
    assertThat(cluster.resourceVersion()).isEqualTo(before);
    assertThat(cluster.events()).isEqualTo(eventsBefore);
  }

  @Test
  void aHandEditedSpecIsRestoredEvenWithTheSameContentHash() throws Exception {
    TrustRootPublisher publisher = publisher();
    VerifiedRepository v1 = Repositories.generated(repo);
    publisher.publish(v1, Repositories.rootOf(repo));
    Object good = cluster.spec();
    cluster
        .trustRoots()
        .withName(NAME)
        .edit(
            r -> {
              r.setAdditionalProperty("spec", Map.of("repository", Map.of("root", "e30=")));
              return r;
            });

    assertThat(publisher.publish(v1, Repositories.rootOf(repo)).action()).isEqualTo(Action.UPDATED);
    assertThat(cluster.spec()).isEqualTo(good);
  }

  @Test
  void aConflictingConcurrentUpdateIsReadAgainAndRetried() throws Exception {
    publisher().publish(Repositories.generated(repo), Repositories.rootOf(repo));
    repo.at(T0.plus(Duration.ofDays(1))).bumpTimestamp();
    VerifiedRepository v2 = Repositories.generated(repo);
    AtomicInteger writes = new AtomicInteger();
    // Another writer changes the resource between our read and our first write
    Runnable race =
        () -> {
          if (writes.getAndIncrement() == 0) {
            cluster.trustRoots().withName(NAME).edit(r -> label(r, "team", "platform"));
          }
        };
    TrustRootPublisher racing =
        new TrustRootPublisher(client, PublishSettings.of(NAME), Leadership.alone(), clock, race);

    PublishOutcome outcome = racing.publish(v2, Repositories.rootOf(repo));

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    // the first update was refused (409), read again, written; then status
    assertThat(writes.get()).isEqualTo(3);
    GenericKubernetesResource r = cluster.trustRoot();
    assertThat(r.getMetadata().getLabels()).containsEntry("team", "platform");
    assertThat(r.getMetadata().getAnnotations())
        .containsEntry(TrustRootResources.CONTENT_HASH_ANNOTATION, v2.contentHash());
  }

  @Test
  void givesUpAfterABoundedNumberOfConflictsAndLeavesTheSpecAlone() throws Exception {
    VerifiedRepository v1 = Repositories.generated(repo);
    publisher().publish(v1, Repositories.rootOf(repo));
    Object good = cluster.spec();
    repo.at(T0.plus(Duration.ofDays(1))).bumpTimestamp();
    AtomicInteger n = new AtomicInteger();
    Runnable alwaysFirst =
        () ->
            cluster
                .trustRoots()
                .withName(NAME)
                .edit(r -> label(r, "n", String.valueOf(n.incrementAndGet())));
    TrustRootPublisher loser =
        new TrustRootPublisher(
            client,
            PublishSettings.of(NAME).withMaxAttempts(3),
            Leadership.alone(),
            clock,
            alwaysFirst);

    assertThatThrownBy(() -> loser.publish(Repositories.generated(repo), Repositories.rootOf(repo)))
        .isInstanceOfSatisfying(
            KubernetesApiException.class,
            e -> {
              assertThat(e.code()).hasValue(409);
              assertThat(e.operation()).startsWith("apply TrustRoot sigstore");
            });
    assertThat(n.get()).isEqualTo(3);
    assertThat(cluster.spec()).isEqualTo(good);
  }

  @Test
  void refusesToOverwriteATrustRootItDoesNotManage() throws Exception {
    cluster.trustRoots().resource(foreign(Map.of("app.kubernetes.io/managed-by", "helm"))).create();
    Object theirs = cluster.spec();

    assertThatThrownBy(
            () -> publisher().publish(Repositories.generated(repo), Repositories.rootOf(repo)))
        .isInstanceOfSatisfying(
            UnmanagedTrustRootException.class,
            e -> {
              assertThat(e.name()).isEqualTo(NAME);
              assertThat(e.managedBy()).contains("helm");
            });
    assertThat(cluster.spec()).isEqualTo(theirs);
    assertThat(cluster.conditions()).isEmpty();
    // the owner learns why from an Event on it
    assertThat(cluster.events("SyncFailed").get(0).getMessage()).contains("--trustroot-adopt");
  }

  @Test
  void aResourceWithoutManagedByLabelIsUnmanagedToo() throws Exception {
    cluster.trustRoots().resource(foreign(Map.of())).create();

    assertThatThrownBy(
            () -> publisher().publish(Repositories.generated(repo), Repositories.rootOf(repo)))
        .isInstanceOfSatisfying(
            UnmanagedTrustRootException.class, e -> assertThat(e.managedBy()).isEmpty());
  }

  @Test
  void adoptTakesOverAForeignTrustRootKeepingItsOtherLabels() throws Exception {
    cluster.trustRoots().resource(foreign(Map.of("team", "platform"))).create();
    VerifiedRepository v1 = Repositories.generated(repo);

    PublishOutcome outcome =
        publisher(PublishSettings.of(NAME).withAdopt(true)).publish(v1, Repositories.rootOf(repo));

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    GenericKubernetesResource r = cluster.trustRoot();
    assertThat(r.getMetadata().getLabels())
        .containsEntry("team", "platform")
        .containsEntry(TrustRootResources.MANAGED_BY_LABEL, TrustRootResources.MANAGED_BY);
    assertThat(
            TrustRootReader.create(clock)
                .read(r, TrustAnchor.pinnedRoot(Repositories.rootOf(repo)))
                .repository()
                .contentHash())
        .isEqualTo(v1.contentHash());
  }

  @Test
  void aRepositoryTooLargeForOneResourceIsRecordedAsAFailureAndTheSpecKept() throws Exception {
    TrustRootPublisher publisher = publisher();
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    Object good = cluster.spec();
    byte[] noise = new byte[1_200_000];
    new Random(4).nextBytes(noise); // incompressible: the gzip tar stays over the budget
    repo.at(T0.plus(Duration.ofDays(1))).addOrChangeTarget("big.bin", noise);
    clock.set(T0.plus(Duration.ofDays(1)));

    assertThatThrownBy(
            () -> publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo)))
        .isInstanceOfSatisfying(
            TrustRootTooLargeException.class, e -> assertThat(e.size()).isGreaterThan(e.budget()));
    assertThat(cluster.spec()).isEqualTo(good);
    TrustRootCondition failed = cluster.conditions().get(TrustRootCondition.SYNC_FAILED);
    assertThat(failed.status()).isEqualTo(Status.TRUE);
    assertThat(failed.reason()).isEqualTo("TrustRootTooLarge");
  }

  @Test
  void publishesTheRealSigstoreRepositoryAndItsUpdateFromHistory() throws Exception {
    TrustRootPublisher publisher = publisher();
    clock.set(SigstoreTestData.historyPoint(7).validAt());
    assertThat(publisher.publish(Repositories.history(7), Repositories.historyRoot()).action())
        .isEqualTo(Action.CREATED);
    VerifiedRepository v8 = Repositories.history(8);
    clock.set(SigstoreTestData.historyPoint(8).validAt());

    PublishOutcome outcome = publisher.publish(v8, Repositories.historyRoot());

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    VerifiedTrustRoot back =
        TrustRootReader.create(clock)
            .read(cluster.trustRoot(), TrustAnchor.pinnedRoot(Repositories.historyRoot()));
    assertThat(back.repository().contentHash()).isEqualTo(v8.contentHash());
    assertThat(back.repository().timestampVersion())
        .isEqualTo(SigstoreTestData.historyPoint(8).versions().timestamp());
  }

  @Test
  void keepsTheConditionsPolicyControllerWritesOnTheSameResource() throws Exception {
    TrustRootPublisher publisher = publisher();
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    Map<String, Object> theirs = new HashMap<>();
    theirs.put("type", "Ready");
    theirs.put("status", "True");
    theirs.put("severity", "");
    theirs.put("lastTransitionTime", "2026-03-01T10:30:00Z");
    GenericKubernetesResource r = cluster.trustRoot();
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
    @SuppressWarnings("unchecked")
    List<Object> conditions = new java.util.ArrayList<>((List<Object>) status.get("conditions"));
    conditions.add(0, theirs);
    status.put("conditions", conditions);
    status.put("observedGeneration", 1);
    cluster.trustRoots().resource(r).updateStatus();
    repo.at(T0.plus(Duration.ofDays(1))).bumpTimestamp();
    clock.set(T0.plus(Duration.ofDays(1)));

    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));

    @SuppressWarnings("unchecked")
    Map<String, Object> after =
        (Map<String, Object>) cluster.trustRoot().getAdditionalProperties().get("status");
    assertThat(after).containsEntry("observedGeneration", 1);
    assertThat((List<?>) after.get("conditions")).first().isEqualTo(theirs);
    assertThat(cluster.conditions().get(TrustRootCondition.READY).observedGeneration()).hasValue(2);
  }

  private static GenericKubernetesResource label(
      GenericKubernetesResource r, String key, String value) {
    Map<String, String> labels = new HashMap<>(r.getMetadata().getLabels());
    labels.put(key, value);
    r.getMetadata().setLabels(labels);
    return r;
  }

  private static GenericKubernetesResource foreign(Map<String, String> labels) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(TrustRootResources.API_VERSION)
        .withKind(TrustRootResources.KIND)
        .withNewMetadata()
        .withName(NAME)
        .withLabels(labels)
        .endMetadata()
        .withAdditionalProperties(
            Map.of("spec", Map.of("remote", Map.of("mirror", "https://tuf.example"))))
        .build();
  }
}
