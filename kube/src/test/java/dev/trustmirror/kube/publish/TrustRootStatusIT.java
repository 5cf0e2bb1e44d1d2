package dev.trustmirror.kube.publish;

import static dev.trustmirror.kube.publish.Cluster.NAME;
import static dev.trustmirror.kube.publish.Repositories.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.publish.PublishOutcome.Action;
import dev.trustmirror.kube.publish.TrustRootCondition.Status;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.MetadataAttacks;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RepoScenario;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.UpdateResult;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status conditions and Events: a refused sync, a repository near expiry, and syncs that keep
 * failing while what the resource holds expires.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootStatusIT {
  static final Instant TIMESTAMP_EXPIRES = T0.plus(Duration.ofDays(7));

  KubernetesClient client;
  KubernetesMockServer server;
  Cluster cluster;
  MovableClock clock;
  RepoBuilder repo;
  TrustRootPublisher publisher;

  @BeforeEach
  void cluster() {
    TrustRootCrd.register(server);
    cluster = new Cluster(client);
    clock = new MovableClock(T0.plus(Duration.ofHours(1)));
    repo = RepoBuilder.create(T0);
    publisher = newPublisher();
  }

  private TrustRootPublisher newPublisher() {
    return new TrustRootPublisher(client, PublishSettings.of(NAME), Leadership.alone(), clock);
  }

  @Test
  void aRefusedSyncSetsSyncFailedWithTheRefusalAndKeepsTheGoodSpec() throws Exception {
    RepoScenario attack = MetadataAttacks.on(repo).timestampRollback();
    UpdateResult good =
        Repositories.update(
            attack.before().toMap(), TrustState.pin(Repositories.rootOf(repo)), repo.now());
    publisher.publish(good.repository().orElseThrow(), Repositories.rootOf(repo));
    Object spec = cluster.spec();
    long generation = cluster.trustRoot().getMetadata().getGeneration();
    TufRefusalException refusal = refusalOf(attack, good.state());
    clock.advance(Duration.ofHours(1));
    Instant failedAt = clock.instant();

    PublishOutcome outcome = publisher.recordFailure(refusal.reason(), refusal.getMessage());

    assertThat(outcome.action()).isEqualTo(Action.FAILURE_RECORDED);
    assertThat(outcome.statusWritten()).isTrue();
    assertThat(outcome.events()).containsExactly("SyncFailed");
    assertThat(cluster.spec()).isEqualTo(spec);
    assertThat(cluster.trustRoot().getMetadata().getGeneration()).isEqualTo(generation);
    Map<String, TrustRootCondition> c = cluster.conditions();
    TrustRootCondition failed = c.get(TrustRootCondition.SYNC_FAILED);
    assertThat(failed.status()).isEqualTo(Status.TRUE);
    assertThat(failed.reason()).isEqualTo("Rollback");
    assertThat(failed.message()).contains(refusal.getMessage());
    assertThat(failed.lastTransitionTime()).contains(failedAt);
    // what the resource holds is still good
    assertThat(c.get(TrustRootCondition.READY).status()).isEqualTo(Status.TRUE);
    Event event = cluster.events("SyncFailed").get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getCount()).isEqualTo(1);
  }

  @Test
  void theSameFailureAgainCountsOneEventInsteadOfAddingEvents() throws Exception {
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    clock.advance(Duration.ofHours(1));
    Instant first = clock.instant();
    publisher.recordFailure("SourceUnavailable", "Tried to read https://tuf.example but failed");
    clock.advance(Duration.ofHours(1));

    PublishOutcome again =
        publisher.recordFailure(
            "SourceUnavailable", "Tried to read https://tuf.example but failed");

    assertThat(again.statusWritten()).isFalse();
    assertThat(cluster.events("SyncFailed")).hasSize(1);
    Event counted = cluster.events("SyncFailed").get(0);
    assertThat(counted.getCount()).isEqualTo(2);
    assertThat(counted.getFirstTimestamp()).isEqualTo(first.toString());
    assertThat(counted.getLastTimestamp()).isEqualTo(clock.instant().toString());
    // a new leader (or a restart) continues the same Event: its name depends on the reason only
    newPublisher().recordFailure("SourceUnavailable", "Tried to read https://tuf.example again");
    assertThat(cluster.events("SyncFailed")).hasSize(1);
    assertThat(cluster.events("SyncFailed").get(0).getCount()).isEqualTo(3);
    assertThat(cluster.events("SyncFailed").get(0).getMessage()).contains("again");
    // another reason is another Event
    publisher.recordFailure("Rollback", "Refused timestamp v1 after v2");
    assertThat(cluster.events("SyncFailed")).hasSize(2);
    assertThat(cluster.conditions().get(TrustRootCondition.SYNC_FAILED).lastTransitionTime())
        .contains(first);
  }

  @Test
  void aSuccessfulSyncAfterFailuresClearsSyncFailed() throws Exception {
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    clock.advance(Duration.ofHours(1));
    publisher.recordFailure("SourceUnavailable", "Tried to read https://tuf.example but failed");
    clock.advance(Duration.ofHours(1));

    PublishOutcome outcome =
        publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));

    assertThat(outcome.action()).isEqualTo(Action.UNCHANGED);
    assertThat(outcome.statusWritten()).isTrue();
    TrustRootCondition failed = cluster.conditions().get(TrustRootCondition.SYNC_FAILED);
    assertThat(failed.status()).isEqualTo(Status.FALSE);
    assertThat(failed.lastTransitionTime()).contains(clock.instant());
  }

  @Test
  void aFailureBeforeAnyResourceExistsIsAnEventOnly() throws Exception {
    PublishOutcome outcome =
        publisher.recordFailure("NoTrustState", "No trust state and no --root given");

    assertThat(outcome.action()).isEqualTo(Action.FAILURE_RECORDED);
    assertThat(outcome.generation()).isEmpty();
    assertThat(outcome.statusWritten()).isFalse();
    assertThat(cluster.trustRoots().withName(NAME).get()).isNull();
    Event event = cluster.events("SyncFailed").get(0);
    assertThat(event.getInvolvedObject().getUid()).isNull();
    assertThat(event.getMessage()).contains("No trust state");
  }

  @Test
  void aReasonThatIsNotCamelCaseIsWrittenAsFailed() throws Exception {
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));

    publisher.recordFailure("not a reason\n", "boom");

    assertThat(cluster.conditions().get(TrustRootCondition.SYNC_FAILED).reason())
        .isEqualTo("Failed");
  }

  @Test
  void expiresSoonNearTheTimestampExpiryAndAnEventOncePerLevel() throws Exception {
    clock.set(TIMESTAMP_EXPIRES.minus(Duration.ofHours(48)));

    PublishOutcome outcome =
        publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));

    assertThat(outcome.events()).containsExactly("Synced", "ExpiresSoon");
    TrustRootCondition soon = cluster.conditions().get(TrustRootCondition.EXPIRES_SOON);
    Instant warnedAt = clock.instant();
    assertThat(soon.status()).isEqualTo(Status.TRUE);
    assertThat(soon.reason()).isEqualTo("Warning");
    assertThat(soon.message()).startsWith("timestamp v1 expires at " + TIMESTAMP_EXPIRES);
    Event event = cluster.events("ExpiresSoon").get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).contains("Role timestamp v1", "in 2d 0h", "warning");

    // the next sync at the same level says nothing new, writes nothing
    clock.advance(Duration.ofHours(1));
    PublishOutcome same =
        publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    assertThat(same.events()).isEmpty();
    assertThat(same.statusWritten()).isFalse();
    // a restarted agent neither: the Event's name is the same
    assertThat(
            newPublisher()
                .publish(Repositories.generated(repo), Repositories.rootOf(repo))
                .events())
        .isEmpty();
    assertThat(cluster.events("ExpiresSoon")).hasSize(1);

    // critical: a new level, a new Event; the condition stays True, its transition time too
    clock.set(TIMESTAMP_EXPIRES.minus(Duration.ofHours(2)));
    PublishOutcome critical =
        publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    assertThat(critical.events()).containsExactly("ExpiresSoon");
    assertThat(cluster.events("ExpiresSoon")).hasSize(2);
    TrustRootCondition nowCritical = cluster.conditions().get(TrustRootCondition.EXPIRES_SOON);
    assertThat(nowCritical.reason()).isEqualTo("Critical");
    assertThat(nowCritical.lastTransitionTime()).contains(warnedAt);
  }

  @Test
  void syncsThatKeepFailingTurnReadyFalseOnceWhatTheResourceHoldsExpires() throws Exception {
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    clock.set(TIMESTAMP_EXPIRES.plus(Duration.ofDays(1)));

    PublishOutcome outcome =
        publisher.recordFailure(
            "SourceUnavailable", "Tried to read https://tuf.example but failed");

    assertThat(outcome.events()).containsExactly("SyncFailed", "ExpiresSoon");
    Map<String, TrustRootCondition> c = cluster.conditions();
    assertThat(c.get(TrustRootCondition.READY).status()).isEqualTo(Status.FALSE);
    assertThat(c.get(TrustRootCondition.READY).reason()).isEqualTo("Expired");
    assertThat(c.get(TrustRootCondition.READY).message())
        .startsWith("timestamp v1 expired at " + TIMESTAMP_EXPIRES);
    assertThat(c.get(TrustRootCondition.EXPIRES_SOON).reason()).isEqualTo("Expired");
    assertThat(c.get(TrustRootCondition.SYNC_FAILED).reason()).isEqualTo("SourceUnavailable");
  }

  @Test
  void aResourceThatNoLongerVerifiesIsNotReady() throws Exception {
    publisher.publish(Repositories.generated(repo), Repositories.rootOf(repo));
    cluster
        .trustRoots()
        .withName(NAME)
        .edit(
            r -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) r.getAdditionalProperties().get("spec");
              @SuppressWarnings("unchecked")
              Map<String, Object> repository = (Map<String, Object>) spec.get("repository");
              repository.put("mirrorFS", "bm90IGEgdGFyLmd6");
              return r;
            });

    publisher.recordFailure("SourceUnavailable", "Tried to read https://tuf.example but failed");

    Map<String, TrustRootCondition> c = cluster.conditions();
    assertThat(c.get(TrustRootCondition.READY).status()).isEqualTo(Status.FALSE);
    assertThat(c.get(TrustRootCondition.READY).reason()).isEqualTo("Unverifiable");
    assertThat(c.get(TrustRootCondition.EXPIRES_SOON).status()).isEqualTo(Status.UNKNOWN);
  }

  private TufRefusalException refusalOf(RepoScenario attack, TrustState trusted) {
    try {
      Repositories.update(attack.served().toMap(), trusted, attack.clientTime());
    } catch (RollbackException e) {
      return e;
    } catch (TufRefusalException e) {
      throw new AssertionError("expected a rollback, got " + e, e);
    }
    throw new AssertionError("the rollback was accepted");
  }
}
