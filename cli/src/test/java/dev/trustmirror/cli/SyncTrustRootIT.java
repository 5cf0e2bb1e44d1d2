package dev.trustmirror.cli;

import static dev.trustmirror.cli.SyncTrustRootCluster.NAME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.publish.TrustRootCondition;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.testkit.tuf.MetadataAttacks;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RepoScenario;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.PublishedDirectory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --trustroot NAME}: the verified repository lands in the TrustRoot of the (mock)
 * cluster; refusals and API failures are reported with the documented exit codes and never roll
 * back the local publish.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SyncTrustRootIT {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path tmp;
  SyncTrustRootCluster cluster;
  RepoBuilder repo;
  Path pin;
  Path source;
  Path out;

  @BeforeEach
  void setUp() throws Exception {
    cluster = SyncTrustRootCluster.start(server, client, tmp);
    repo = RepoBuilder.create(T0);
    pin = Files.write(tmp.resolve("1.root.json"), repo.metadata(RoleType.ROOT, 1));
    source = tmp.resolve("source");
    repo.writePublished(source);
    out = tmp.resolve("out");
  }

  private Cli sync(Instant time, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sync",
                "--source",
                source.toString(),
                "--root",
                pin.toString(),
                "--out",
                out.toString(),
                "--time",
                time.toString(),
                "--trustroot",
                NAME,
                "--kubeconfig",
                cluster.kubeconfig().toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void publishesTheRealSigstoreRepositoryIntoTheTrustRoot() throws Exception {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    Path root = point.directory().resolve("1.root.json");

    Cli c =
        Cli.run(
            "sync",
            "--source",
            point.directory().toString(),
            "--root",
            root.toString(),
            "--out",
            out.toString(),
            "--time",
            point.validAt().toString(),
            "--trustroot",
            NAME,
            "--kubeconfig",
            cluster.kubeconfig().toString());

    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.out()).contains("TrustRoot sigstore on ", ": created (generation 1)");
    var back =
        TrustRootReader.create(Clock.fixed(point.validAt(), ZoneOffset.UTC))
            .read(cluster.trustRoot(), TrustAnchor.pinnedRoot(Files.readAllBytes(root)));
    assertThat(back.repository().contentHash())
        .isEqualTo(PublishedDirectory.verify(out).repository().contentHash());
    assertThat(cluster.conditions().get(TrustRootCondition.READY).status())
        .isEqualTo(TrustRootCondition.Status.TRUE);
  }

  @Test
  void anUnchangedSourceWritesNothingAndAnUpdateReplacesTheSpec() throws Exception {
    assertThat(sync(T0).exitCode()).isZero();
    String version = cluster.trustRoot().getMetadata().getResourceVersion();

    Cli unchanged = sync(T0.plus(Duration.ofHours(1)));

    assertThat(unchanged.exitCode()).as(unchanged.err()).isZero();
    assertThat(unchanged.out()).contains(": unchanged (generation 1)");
    assertThat(cluster.trustRoot().getMetadata().getResourceVersion()).isEqualTo(version);

    repo.at(T0.plus(Duration.ofDays(1))).bumpTimestamp().writePublished(source);
    Cli updated = sync(T0.plus(Duration.ofDays(1)));

    assertThat(updated.exitCode()).as(updated.err()).isZero();
    assertThat(updated.out()).contains(": updated (generation 2)", "events: Synced");
    assertThat(cluster.trustRoot().getMetadata().getAnnotations())
        .containsEntry(TrustRootResources.TIMESTAMP_VERSION_ANNOTATION, "2");
  }

  @Test
  void aRefusedSyncExitsOneAndRecordsSyncFailedOnTheResource() throws Exception {
    RepoScenario attack = MetadataAttacks.on(repo).timestampRollback();
    source = tmp.resolve("before");
    attack.before().writeTo(source);
    assertThat(sync(T0).exitCode()).isZero();
    Object spec = cluster.trustRoot().getAdditionalProperties().get("spec");
    Path served = tmp.resolve("served");
    attack.served().writeTo(served);
    source = served;

    Cli c = sync(attack.clientTime());

    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.err()).startsWith("REFUSED (Rollback)");
    assertThat(cluster.trustRoot().getAdditionalProperties().get("spec")).isEqualTo(spec);
    TrustRootCondition failed = cluster.conditions().get(TrustRootCondition.SYNC_FAILED);
    assertThat(failed.status()).isEqualTo(TrustRootCondition.Status.TRUE);
    assertThat(failed.reason()).isEqualTo("Rollback");
    assertThat(cluster.events("SyncFailed")).hasSize(1);
  }

  @Test
  void anUnreachableApiServerExitsThreeAndTheLocalPublishStands() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path nowhere =
        SyncTrustRootCluster.kubeconfig(tmp.resolve("nowhere"), "http://127.0.0.1:" + port);

    Cli c =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--time",
            T0.toString(),
            "--trustroot",
            NAME,
            "--kubeconfig",
            nowhere.toString());

    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.out()).startsWith("Published ");
    assertThat(c.err())
        .contains("FAILED: Tried to read TrustRoot sigstore from http://127.0.0.1:" + port)
        .contains("The local publish in " + out + " stands.");
    assertThat(PublishedDirectory.current(out)).isPresent();
  }

  @Test
  void aTrustRootSomeoneElseManagesIsRefusedWithExitOneUnlessAdopted() throws Exception {
    cluster
        .trustRoots()
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion(TrustRootResources.API_VERSION)
                .withKind(TrustRootResources.KIND)
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .withAdditionalProperties(
                    Map.of("spec", Map.of("remote", Map.of("mirror", "https://tuf.example"))))
                .build())
        .create();

    Cli refused = sync(T0);

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).startsWith("REFUSED (NotManaged)").contains("--trustroot-adopt");
    assertThat(PublishedDirectory.current(out)).isPresent();

    Cli adopted = sync(T0, "--trustroot-adopt");

    assertThat(adopted.exitCode()).as(adopted.err()).isZero();
    assertThat(adopted.out()).contains(": updated");
    assertThat(cluster.trustRoot().getMetadata().getLabels())
        .containsEntry(TrustRootResources.MANAGED_BY_LABEL, TrustRootResources.MANAGED_BY);
  }

  @Test
  void kubernetesOptionsWithoutTrustRootAreAUsageError() {
    Cli c =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--namespace",
            "tm");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--namespace needs --trustroot NAME");
  }

  @Test
  void leaderElectionNeedsInterval() {
    Cli c = sync(T0, "--leader-election");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--leader-election needs --interval");
    assertThat(out).doesNotExist();
  }

  @Test
  void anInvalidResourceNameIsAUsageError() {
    Cli c =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--trustroot",
            "Not_A_Name");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("Tried to name the TrustRoot 'Not_A_Name'");
  }

  @Test
  void anUnreadableKubeconfigExitsThreeBeforeSyncing() {
    Cli c =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--trustroot",
            NAME,
            "--kubeconfig",
            tmp.resolve("absent").toString());

    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.err()).contains("FAILED: Tried to read the kubeconfig");
    assertThat(out).doesNotExist();
  }
}
