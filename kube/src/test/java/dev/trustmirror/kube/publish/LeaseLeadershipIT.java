package dev.trustmirror.kube.publish;

import static dev.trustmirror.kube.publish.Cluster.NAME;
import static dev.trustmirror.kube.publish.Repositories.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.publish.PublishOutcome.Action;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two sync-agent replicas on one Lease: only the leader writes, the other stays passive and takes
 * over when the leader stops, released or not.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipIT {
  static final String NAMESPACE = "trust-mirror";
  static final Duration DEADLINE = Duration.ofSeconds(30);

  KubernetesClient client;
  KubernetesMockServer server;
  KubernetesClient clientA;
  KubernetesClient clientB;
  LeaseLeadership a;
  LeaseLeadership b;
  MovableClock clock = new MovableClock(T0.plus(Duration.ofHours(1)));
  RepoBuilder repo = RepoBuilder.create(T0);

  @BeforeEach
  void twoReplicas() {
    TrustRootCrd.register(server);
    clientA = server.createClient();
    clientB = server.createClient();
  }

  @AfterEach
  void stop() {
    for (LeaseLeadership l : new LeaseLeadership[] {a, b}) {
      if (l != null) {
        l.close();
      }
    }
    clientA.close();
    clientB.close();
  }

  /** Short timings, so that a takeover after an unreleased lease happens within seconds. */
  private static LeaseSettings lease(String identity) {
    return LeaseSettings.defaults(NAMESPACE, identity)
        .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200));
  }

  private TrustRootPublisher publisher(KubernetesClient c, Leadership l) {
    return new TrustRootPublisher(c, PublishSettings.of(NAME), l, clock);
  }

  private String holder() {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(LeaseSettings.DEFAULT_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void onlyTheLeaderWritesAndTheOtherTakesOverWhenItStops() throws Exception {
    a = LeaseLeadership.start(clientA, lease("replica-a"));
    Poll.until("replica a leads", DEADLINE, a::isLeader);
    b = LeaseLeadership.start(clientB, lease("replica-b"));
    Poll.until("replica b saw a as leader", DEADLINE, () -> b.currentLeader().isPresent());
    TrustRootPublisher writerA = publisher(clientA, a);
    TrustRootPublisher writerB = publisher(clientB, b);
    VerifiedRepository v1 = Repositories.generated(repo);

    assertThat(writerB.isLeader()).isFalse();
    assertThat(writerB.publish(v1, Repositories.rootOf(repo)).action())
        .isEqualTo(Action.NOT_LEADER);
    assertThat(writerB.recordFailure("SourceUnavailable", "down").action())
        .isEqualTo(Action.NOT_LEADER);
    assertThat(new Cluster(client).trustRoots().withName(NAME).get()).isNull();
    assertThat(new Cluster(client).events()).isEmpty();
    assertThat(writerA.publish(v1, Repositories.rootOf(repo)).action()).isEqualTo(Action.CREATED);
    assertThat(holder()).isEqualTo("replica-a");

    // a stops cleanly: it releases the lease, b takes over and writes from then on
    a.close();
    assertThat(a.isLeader()).isFalse();
    Poll.until("replica b leads", DEADLINE, b::isLeader);
    assertThat(holder()).isEqualTo("replica-b");
    assertThat(writerA.publish(v1, Repositories.rootOf(repo)).action())
        .isEqualTo(Action.NOT_LEADER);
    repo.at(T0.plus(Duration.ofDays(1))).bumpTimestamp();
    clock.set(T0.plus(Duration.ofDays(1)));
    assertThat(writerB.publish(Repositories.generated(repo), Repositories.rootOf(repo)).action())
        .isEqualTo(Action.UPDATED);
  }

  @Test
  void aLeaderThatVanishesWithoutReleasingIsReplacedAfterTheLeaseRunsOut() {
    a = LeaseLeadership.start(clientA, lease("replica-a"));
    Poll.until("replica a leads", DEADLINE, a::isLeader);
    b = LeaseLeadership.start(clientB, lease("replica-b"));
    Poll.until("replica b saw a as leader", DEADLINE, () -> b.currentLeader().isPresent());
    assertThat(b.isLeader()).isFalse();

    // a dies with its connection: it neither renews nor releases the lease
    clientA.close();

    Poll.until("replica b leads", DEADLINE, b::isLeader);
    assertThat(holder()).isEqualTo("replica-b");
  }

  @Test
  void aLeaderThatLosesItsLeaseStepsDownAndRunsForItAgain() {
    a = LeaseLeadership.start(clientA, lease("replica-a"));
    Poll.until("replica a leads", DEADLINE, a::isLeader);

    // someone else takes the lease (and then never renews it); a renews every 200 ms, so the
    // intruder may lose a few optimistic-concurrency races first
    Poll.until("the intruder took the lease", DEADLINE, this::intrude);

    Poll.until("replica a stepped down", DEADLINE, () -> !a.isLeader());
    // fabric8's elector ends here; ours takes part again and wins once the lease runs out
    Poll.until("replica a leads again", DEADLINE, a::isLeader);
    assertThat(holder()).isEqualTo("replica-a");
  }

  private boolean intrude() {
    try {
      client
          .leases()
          .inNamespace(NAMESPACE)
          .withName(LeaseSettings.DEFAULT_NAME)
          .edit(
              l -> {
                l.getSpec().setHolderIdentity("intruder");
                l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                return l;
              });
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  @Test
  void aLeaderStaysLeaderWhileItRenews() {
    a = LeaseLeadership.start(clientA, lease("replica-a"));
    Poll.until("replica a leads", DEADLINE, a::isLeader);
    b = LeaseLeadership.start(clientB, lease("replica-b"));
    Lease before =
        client.leases().inNamespace(NAMESPACE).withName(LeaseSettings.DEFAULT_NAME).get();

    // several renewals later (the renew time moves), a still holds the lease
    Poll.until(
        "replica a renewed",
        DEADLINE,
        () ->
            !client
                .leases()
                .inNamespace(NAMESPACE)
                .withName(LeaseSettings.DEFAULT_NAME)
                .get()
                .getSpec()
                .getRenewTime()
                .equals(before.getSpec().getRenewTime()));
    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(holder()).isEqualTo("replica-a");
  }
}
