package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a {@code TrustRoot} resource (fabric8 mock API server, CRUD mode): serves what the
 * resource holds byte for byte, follows each verified update on every replica, and keeps the last
 * good repository serving when an update is tampered with, older (rollback) or deleted.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootServingIT {
  /** Bounds each wait for a server to react to a change; never a timing assertion. */
  private static final Duration LIMIT = Duration.ofSeconds(60);

  KubernetesClient client;

  @TempDir Path tmp;
  Vertx vertx;
  MovableClock clock;
  Upstream upstream;
  ClusterTrustRoot cluster;
  List<MirrorServer> servers = new ArrayList<>();
  List<String> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    clock = new MovableClock(Upstream.T0);
    upstream = Upstream.generated(tmp, clock);
    cluster = new ClusterTrustRoot(client);
  }

  @AfterEach
  void stop() throws Exception {
    for (MirrorServer s : servers) {
      Http.await(s.close());
    }
    Http.await(vertx.close());
    // Close the watch connections before the mock server shuts down: it waits for open ones.
    client.close();
  }

  private MirrorServer serve(TrustAnchor anchor) throws Exception {
    MirrorServer server =
        Http.await(
            MirrorServer.start(
                vertx,
                MirrorServerOptions.builder(
                        MirrorServerOptions.Source.trustRoot(client, ClusterTrustRoot.NAME, anchor))
                    .port(0)
                    .clock(clock)
                    .eventLog(events::add)
                    .build()));
    servers.add(server);
    return server;
  }

  private MirrorServer serve() throws Exception {
    return serve(TrustAnchor.pinnedRoot(ClusterTrustRoot.pinnedRoot(upstream)));
  }

  /** Publishes a newer repository upstream (the clock moved on) and syncs it. */
  private VerifiedRepository newerUpstream() throws Exception {
    clock.advance(Duration.ofHours(1));
    upstream.repo().bumpSnapshot();
    assertThat(upstream.sync().published()).isTrue();
    return ClusterTrustRoot.published(upstream);
  }

  /** Polls until {@code condition} holds; the limit only keeps a broken server from hanging. */
  private void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        fail("Not within %s: %s; events: %s", LIMIT, what, events);
      }
      Http.await(vertx.timer(20));
    }
  }

  private void awaitServed(MirrorServer server, String path, byte[] expected) throws Exception {
    awaitTrue(
        server.url() + path + " serves the expected bytes",
        () -> {
          HttpResponse<byte[]> r = Http.get(server.url(), path);
          return r.statusCode() == 200 && Arrays.equals(r.body(), expected);
        });
  }

  private static String rv(GenericKubernetesResource stored) {
    return stored.getMetadata().getResourceVersion();
  }

  @Test
  void servesEveryFileOfTheResourceByteForByteAndShowsWhereItComesFrom() throws Exception {
    GenericKubernetesResource stored = cluster.publish(upstream);
    VerifiedRepository repo = ClusterTrustRoot.published(upstream);
    MirrorServer server = serve();

    String generation = "trustroot/sigstore@" + rv(stored);
    assertThat(server.generation()).isEqualTo(generation);
    assertThat(repo.paths()).hasSizeGreaterThan(5);
    for (String path : repo.paths()) {
      HttpResponse<byte[]> r = Http.get(server.url(), path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).isEqualTo(repo.bytes(path));
      assertThat(r.headers().firstValue("X-Trust-Mirror-Generation")).hasValue(generation);
    }
    assertThat(Http.get(server.url(), "readyz").statusCode()).isEqualTo(200);
    assertThat(Http.text(Http.get(server.url(), "")))
        .contains("<dt>TrustRoot</dt><dd>sigstore, resourceVersion " + rv(stored) + "</dd>")
        .contains("<dt>Generation</dt><dd>" + generation + "</dd>");
    assertThat(Http.text(Http.get(server.url(), "metrics")))
        .containsPattern(
            Pattern.compile(
                "trustmirror_source_info\\{generation=\""
                    + Pattern.quote(generation)
                    + "\",kind=\"trustroot\",resource_version=\""
                    + rv(stored)
                    + "\",source=\"sigstore\"} 1(\\.0)?\n"));
    assertThat(server.sourceStatus())
        .isEqualTo("TrustRoot sigstore, resourceVersion " + rv(stored));
    assertThat(events)
        .containsExactly(
            "Serving generation "
                + generation
                + " (timestamp v"
                + repo.timestampVersion()
                + ", root v"
                + repo.rootVersion()
                + ")");
  }

  @Test
  void everyReplicaSwitchesToAnUpdatedResource() throws Exception {
    VerifiedRepository before = ClusterTrustRoot.published(upstream);
    cluster.publish(upstream);
    MirrorServer first = serve();
    MirrorServer second = serve();

    VerifiedRepository after = newerUpstream();
    GenericKubernetesResource updated = cluster.publish(upstream);
    for (MirrorServer server : List.of(first, second)) {
      awaitServed(server, "timestamp.json", after.bytes("timestamp.json"));
      assertThat(server.generation()).isEqualTo("trustroot/sigstore@" + rv(updated));
      assertThat(server.metrics().generationSwitches()).isEqualTo(1);
      assertThat(server.metrics().reloadFailures()).isZero();
      // The snapshot the replaced timestamp named stays served (consistent snapshots).
      String oldSnapshot = before.metadataPath("snapshot");
      assertThat(after.paths()).doesNotContain(oldSnapshot);
      assertThat(Http.get(server.url(), oldSnapshot).body()).isEqualTo(before.bytes(oldSnapshot));
    }
  }

  @Test
  void aTamperedUpdateIsRefusedAndTheLastGoodRepositoryKeepsServing() throws Exception {
    VerifiedRepository good = ClusterTrustRoot.published(upstream);
    GenericKubernetesResource stored = cluster.publish(upstream);
    MirrorServer server = serve();

    newerUpstream();
    GenericKubernetesResource tampered =
        cluster.apply(ClusterTrustRoot.withFlippedMirrorFsByte(ClusterTrustRoot.of(upstream)));
    awaitTrue("the tampered update is refused", () -> server.metrics().reloadFailures() == 1);

    assertThat(Http.get(server.url(), "timestamp.json").body())
        .isEqualTo(good.bytes("timestamp.json"));
    assertThat(server.generation()).isEqualTo("trustroot/sigstore@" + rv(stored));
    assertThat(server.metrics().generationSwitches()).isZero();
    assertThat(Http.text(Http.get(server.url(), "metrics")))
        .contains("trustmirror_generation_reload_failures_total 1.0");
    assertThat(events)
        .filteredOn(e -> e.startsWith("WARNING: refused to serve TrustRoot sigstore"))
        .singleElement()
        .asString()
        .contains("(resourceVersion " + rv(tampered) + ")")
        .contains("ArchiveRefusedException")
        .endsWith("; still serving trustroot/sigstore@" + rv(stored));
  }

  @Test
  void anOlderResourceIsARollbackAndIsRefused() throws Exception {
    GenericKubernetesResource older = ClusterTrustRoot.of(upstream);
    VerifiedRepository newer = newerUpstream();
    GenericKubernetesResource stored = cluster.publish(upstream);
    MirrorServer server = serve();

    cluster.apply(older);
    awaitTrue("the older resource is refused", () -> server.metrics().reloadFailures() == 1);

    assertThat(Http.get(server.url(), "timestamp.json").body())
        .isEqualTo(newer.bytes("timestamp.json"));
    assertThat(server.generation()).isEqualTo("trustroot/sigstore@" + rv(stored));
    assertThat(events).anyMatch(e -> e.contains("RollbackException"));
  }

  @Test
  void aDeletedResourceKeepsTheLastGoodRepositoryServingUntilANewOneAppears() throws Exception {
    VerifiedRepository good = ClusterTrustRoot.published(upstream);
    cluster.publish(upstream);
    MirrorServer server = serve();

    cluster.delete();
    awaitTrue("the deletion is counted", () -> server.metrics().reloadFailures() == 1);
    assertThat(Http.get(server.url(), "timestamp.json").body())
        .isEqualTo(good.bytes("timestamp.json"));
    assertThat(Http.get(server.url(), "readyz").statusCode()).isEqualTo(200);
    assertThat(events)
        .contains("WARNING: TrustRoot sigstore was deleted; still serving " + server.generation());

    VerifiedRepository newer = newerUpstream();
    cluster.publish(upstream);
    awaitServed(server, "timestamp.json", newer.bytes("timestamp.json"));
  }

  @Test
  void withoutTheResourceTheServerListensUnreadyUntilItAppears() throws Exception {
    MirrorServer server = serve();

    assertThat(server.findGeneration()).isEmpty();
    assertThat(server.clientSettings(server.url())).isEmpty();
    assertThat(Http.get(server.url(), "healthz").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> ready = Http.get(server.url(), "readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(Http.text(ready))
        .isEqualTo("not ready: TrustRoot sigstore does not exist; waiting for it to be created\n");
    assertThat(Http.get(server.url(), "timestamp.json").statusCode()).isEqualTo(503);
    assertThat(Http.text(Http.get(server.url(), "metrics"))).contains("trustmirror_ready 0.0");
    assertThat(server.metrics().reloadFailures()).isZero();

    VerifiedRepository repo = ClusterTrustRoot.published(upstream);
    cluster.publish(upstream);
    awaitServed(server, "timestamp.json", repo.bytes("timestamp.json"));
    assertThat(Http.get(server.url(), "readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void aResourceFromOtherKeysThanThePinnedRootIsRefusedAndTheServerStaysUnready() throws Exception {
    cluster.publish(upstream);
    byte[] otherRoot = RepoBuilder.create(Upstream.T0).metadata(RoleType.ROOT, 1);
    MirrorServer server = serve(TrustAnchor.pinnedRoot(otherRoot));

    assertThat(server.findGeneration()).isEmpty();
    assertThat(server.metrics().reloadFailures()).isEqualTo(1);
    HttpResponse<byte[]> ready = Http.get(server.url(), "readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(Http.text(ready)).startsWith("not ready: TrustRoot sigstore (resourceVersion ");
  }

  @Test
  void withTheResourcesOwnRootItServesWhatIsConsistent() throws Exception {
    cluster.publish(upstream);
    MirrorServer server = serve(TrustAnchor.resourceRoot());
    VerifiedRepository repo = ClusterTrustRoot.published(upstream);
    assertThat(Http.get(server.url(), "timestamp.json").body())
        .isEqualTo(repo.bytes("timestamp.json"));
  }

  @Test
  void aChangeOfLabelsOnlyIsNeitherVerifiedAgainNorASwitch() throws Exception {
    GenericKubernetesResource stored = cluster.publish(upstream);
    MirrorServer server = serve();

    GenericKubernetesResource relabelled = ClusterTrustRoot.of(upstream);
    relabelled.getMetadata().getLabels().put("team", "security");
    assertThat(rv(cluster.apply(relabelled))).isNotEqualTo(rv(stored));

    assertThat(Http.await(server.reload())).isFalse();
    assertThat(server.generation()).isEqualTo("trustroot/sigstore@" + rv(stored));
    assertThat(server.metrics().generationSwitches()).isZero();
    assertThat(server.metrics().reloadFailures()).isZero();
    assertThat(events).hasSize(1);
  }

  @Test
  void reloadPicksUpAnUpdateAtOnce() throws Exception {
    cluster.publish(upstream);
    MirrorServer server = serve();
    VerifiedRepository newer = newerUpstream();
    GenericKubernetesResource updated = cluster.publish(upstream);

    // The informer may have been first; either way the update is served once reload completes.
    Http.await(server.reload());
    assertThat(server.generation()).isEqualTo("trustroot/sigstore@" + rv(updated));
    assertThat(Http.get(server.url(), "timestamp.json").body())
        .isEqualTo(newer.bytes("timestamp.json"));
  }
}
