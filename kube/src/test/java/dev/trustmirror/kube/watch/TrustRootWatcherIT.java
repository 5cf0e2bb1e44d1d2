package dev.trustmirror.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.bundles.archive.ArchiveRefusedException;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.ThresholdNotMetException;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TrustRootWatcher} against the fabric8 mock API server (CRUD mode): each state of the
 * resource becomes one typed {@link TrustRootChange}, verified from the last accepted state.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootWatcherIT {
  /** Bounds each wait for the informer; never a timing assertion. */
  private static final Duration LIMIT = Duration.ofSeconds(60);

  KubernetesClient client;

  WatchedRepository repo;
  ExecutorService workers;
  BlockingQueue<TrustRootChange> changes = new LinkedBlockingQueue<>();
  List<TrustRootWatcher> watchers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    repo = new WatchedRepository();
    workers = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() throws Exception {
    watchers.forEach(TrustRootWatcher::close);
    workers.shutdownNow();
    assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    // Close the watch connections before the mock server shuts down: it waits for open ones.
    client.close();
  }

  private TrustRootWatcher watcher(TrustAnchor anchor) {
    TrustRootWatcher w =
        TrustRootWatcher.create(
            client,
            WatchedRepository.NAME,
            TrustRootReader.create(WatchedRepository.readerClock()),
            anchor,
            workers,
            changes::add);
    watchers.add(w);
    return w;
  }

  private TrustRootWatcher started() throws Exception {
    TrustRootWatcher w = watcher(TrustAnchor.pinnedRoot(repo.pinnedRoot()));
    w.start(LIMIT);
    return w;
  }

  private GenericKubernetesResource apply(GenericKubernetesResource resource) {
    resource.getMetadata().setResourceVersion(null);
    return client
        .genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS)
        .resource(resource)
        .createOr(NonDeletingOperation::update);
  }

  private TrustRootChange next() throws InterruptedException {
    TrustRootChange c = changes.poll(LIMIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(c).as("a change within %s", LIMIT).isNotNull();
    return c;
  }

  private static TrustRootChange.Accepted accepted(TrustRootChange c) {
    assertThat(c).isInstanceOf(TrustRootChange.Accepted.class);
    return (TrustRootChange.Accepted) c;
  }

  private static TrustRootChange.Refused refused(TrustRootChange c) {
    assertThat(c).isInstanceOf(TrustRootChange.Refused.class);
    return (TrustRootChange.Refused) c;
  }

  private static String rv(GenericKubernetesResource r) {
    return r.getMetadata().getResourceVersion();
  }

  @Test
  void verifiesTheResourceWhenStartedAndEachUpdate() throws Exception {
    VerifiedRepository first = repo.verified();
    GenericKubernetesResource stored = apply(repo.resource());
    TrustRootWatcher w = started();

    TrustRootChange.Accepted a = accepted(next());
    assertThat(a.name()).isEqualTo(WatchedRepository.NAME);
    assertThat(a.root().resourceVersion()).hasValue(rv(stored));
    assertThat(a.root().repository().contentHash()).isEqualTo(first.contentHash());

    VerifiedRepository second = repo.next().verified();
    GenericKubernetesResource updated = apply(repo.resource());
    TrustRootChange.Accepted b = accepted(next());
    assertThat(b.root().resourceVersion()).hasValue(rv(updated));
    assertThat(b.root().repository().timestampVersion()).isEqualTo(second.timestampVersion());
    assertThat(w.lastAccepted()).hasValue(b.root());
    assertThat(changes).isEmpty();
  }

  @Test
  void refusesADamagedArchiveOnceAndKeepsTheLastAcceptedState() throws Exception {
    apply(repo.resource());
    TrustRootWatcher w = started();
    TrustRootChange.Accepted good = accepted(next());

    GenericKubernetesResource damaged = repo.next().resourceWithFlippedChecksum();
    GenericKubernetesResource stored = apply(damaged);
    TrustRootChange.Refused r = refused(next());
    assertThat(r.name()).isEqualTo(WatchedRepository.NAME);
    assertThat(r.resourceVersion()).hasValue(rv(stored));
    assertThat(r.cause()).isInstanceOf(ArchiveRefusedException.class);
    assertThat(((ArchiveRefusedException) r.cause()).rule())
        .isEqualTo(ArchiveRefusedException.Rule.CORRUPT);
    assertThat(r.reason()).isEqualTo(((ArchiveRefusedException) r.cause()).reason());

    // The same damaged content again (only a label differs): not verified, not reported, again.
    damaged.getMetadata().getLabels().put("touched", "yes");
    apply(damaged);
    assertThat(w.check()).isEmpty();
    assertThat(w.lastAccepted()).hasValue(good.root());
  }

  @Test
  void refusesMetadataThatIsNotSignedAsTheRootRequires() throws Exception {
    apply(repo.resource());
    started();
    accepted(next());

    apply(
        repo.next()
            .resourceWithEditedFile(
                "timestamp.json",
                bytes ->
                    new String(bytes, StandardCharsets.UTF_8)
                        // a later expiry, as an attacker freezing the repository would want
                        .replaceFirst("(?<key>\"expires\" ?: ?\")\\d{4}", "${key}2099")
                        .getBytes(StandardCharsets.UTF_8)));
    TrustRootChange.Refused r = refused(next());
    assertThat(r.cause()).isInstanceOf(ThresholdNotMetException.class);
    assertThat(((ThresholdNotMetException) r.cause()).role()).isEqualTo("timestamp");
  }

  @Test
  void refusesAnOlderStateThanTheLastAcceptedOneAsARollback() throws Exception {
    GenericKubernetesResource older = repo.resource();
    int olderTimestamp = repo.verified().timestampVersion();
    apply(repo.next().resource());
    int newerTimestamp = repo.verified().timestampVersion();
    TrustRootWatcher w = started();
    TrustRootChange.Accepted newer = accepted(next());

    apply(older);
    TrustRootChange.Refused r = refused(next());
    assertThat(r.cause()).isInstanceOf(RollbackException.class);
    RollbackException rollback = (RollbackException) r.cause();
    assertThat(rollback.role()).isEqualTo("timestamp");
    assertThat(rollback.trustedVersion()).isEqualTo(newerTimestamp);
    assertThat(rollback.foundVersion()).isEqualTo(olderTimestamp);
    assertThat(w.lastAccepted()).hasValue(newer.root());
  }

  @Test
  void reportsADeletionOnceAndVerifiesTheResourceAgainWhenItReturns() throws Exception {
    apply(repo.resource());
    TrustRootWatcher w = started();
    accepted(next());

    client
        .genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS)
        .withName(WatchedRepository.NAME)
        .delete();
    assertThat(next()).isEqualTo(new TrustRootChange.Missing(WatchedRepository.NAME, true));
    assertThat(w.check()).isEmpty();

    apply(repo.next().resource());
    assertThat(accepted(next()).root().repository().timestampVersion())
        .isEqualTo(repo.verified().timestampVersion());
  }

  @Test
  void startsOnAResourceThatDoesNotExistYet() throws Exception {
    started();
    assertThat(next()).isEqualTo(new TrustRootChange.Missing(WatchedRepository.NAME, false));

    apply(repo.resource());
    accepted(next());
  }

  @Test
  void aChangeOfStatusOrLabelsOnlyIsNotVerifiedAgain() throws Exception {
    GenericKubernetesResource resource = repo.resource();
    apply(resource);
    TrustRootWatcher w = started();
    accepted(next());

    resource.getMetadata().getLabels().put("team", "security");
    resource.setAdditionalProperty(
        "status", Map.of("conditions", List.of(Map.of("type", "Ready"))));
    apply(resource);
    assertThat(w.check()).isEmpty();
  }

  @Test
  void aResourceSignedByOtherKeysThanThePinnedRootIsRefused() throws Exception {
    apply(repo.resource());
    byte[] otherRoot = RepoBuilder.create(WatchedRepository.T0).metadata(RoleType.ROOT, 1);
    TrustRootWatcher w = watcher(TrustAnchor.pinnedRoot(otherRoot));
    w.start(LIMIT);

    TrustRootChange.Refused r = refused(next());
    assertThat(r.cause()).isInstanceOf(ThresholdNotMetException.class);
    assertThat(((ThresholdNotMetException) r.cause()).role()).isEqualTo("root");
    assertThat(w.lastAccepted()).isEmpty();
  }

  @Test
  void anUnreachableApiServerIsAnIoErrorNotARefusal() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + closedPort)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(5_000)
                    .build())
            .build()) {
      TrustRootWatcher w =
          TrustRootWatcher.create(
              unreachable,
              WatchedRepository.NAME,
              TrustRootReader.create(WatchedRepository.readerClock()),
              TrustAnchor.resourceRoot(),
              workers,
              changes::add);
      watchers.add(w);
      assertThatThrownBy(() -> w.start(LIMIT))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("TrustRoot " + WatchedRepository.NAME);
      assertThat(changes).isEmpty();
    }
  }

  @Test
  void refusesAnInvalidResourceName() {
    assertThatThrownBy(
            () ->
                TrustRootWatcher.create(
                    client,
                    "Not_A_Name",
                    TrustRootReader.create(WatchedRepository.readerClock()),
                    TrustAnchor.resourceRoot(),
                    workers,
                    changes::add))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
