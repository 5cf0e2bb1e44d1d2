package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.watch.TrustRootWatcher;
import dev.trustmirror.verifier.trust.TrustedRoot;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TrustRootSet} against the fabric8 mock API server (CRUD mode), with TrustRoots generated
 * from testkit TUF repositories: accepted states replace the root, refused ones keep the last good
 * one and are reported as a condition and an Event, names follow the policies.
 */
@EnableKubernetesMockClient(crud = true)
class TrustRootSetIT {
  static final String NAME = "sigstore";

  KubernetesMockServer server;
  KubernetesClient client;

  TrustRootRepo repo = new TrustRootRepo(NAME, 1);
  ExecutorService workers = Executors.newFixedThreadPool(2);
  PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  List<String> changed = new CopyOnWriteArrayList<>();
  List<TrustRootSet> sets = new ArrayList<>();

  @BeforeEach
  void setUp() {
    Crds.register(server);
  }

  @AfterEach
  void tearDown() throws Exception {
    sets.forEach(TrustRootSet::close);
    workers.shutdownNow();
    assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    // Close the watch connections before the mock server shuts down: it waits for open ones.
    client.close();
  }

  private TrustRootSet set(Optional<String> defaultName, TrustAnchor anchor) {
    TrustRootSet s =
        TrustRootSet.create(
            client,
            TrustRootRepo.readerClock(),
            defaultName,
            anchor,
            workers,
            meters,
            changed::add,
            Poll.LIMIT);
    sets.add(s);
    return s;
  }

  private TrustRootSet pinned() {
    return set(Optional.of(NAME), TrustAnchor.pinnedRoot(repo.pinnedRoot()));
  }

  private GenericKubernetesResource apply(GenericKubernetesResource r) {
    r.getMetadata().setResourceVersion(null);
    return client
        .genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS)
        .resource(r)
        .createOr(NonDeletingOperation::update);
  }

  /** The sync agent's condition, written as it writes it. */
  private void syncAgentCondition(String name) {
    GenericKubernetesResource r =
        client.genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS).withName(name).get();
    r.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type", "trust-mirror.dev/Ready",
                    "status", "True",
                    "reason", "Published",
                    "message", "by the sync agent",
                    "lastTransitionTime", "2026-03-01T10:00:00Z"))));
    client.genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS).resource(r).updateStatus();
  }

  private Map<String, Map<Object, Object>> conditions(String name) {
    GenericKubernetesResource r =
        client.genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS).withName(name).get();
    Map<String, Map<Object, Object>> out = new java.util.HashMap<>();
    if (r.getAdditionalProperties().get("status") instanceof Map<?, ?> s
        && s.get("conditions") instanceof List<?> list) {
      for (Object c : list) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> m = (Map<Object, Object>) c;
        out.put((String) m.get("type"), m);
      }
    }
    return out;
  }

  private Optional<Object> ours(String field) {
    return Optional.ofNullable(conditions(NAME).get(TrustRootSet.CONDITION)).map(c -> c.get(field));
  }

  private List<Event> refusedEvents() {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> e.getReason().equals(TrustRootSet.REFUSED_EVENT))
        .toList();
  }

  private static byte[] bytesOf(Optional<TrustedRoot> root) {
    return root.orElseThrow().bytes();
  }

  @Test
  void servesTheVerifiedRootAndSwapsItOnRotation() throws Exception {
    apply(repo.resource());
    syncAgentCondition(NAME);
    TrustRootSet set = pinned();
    assertThat(set.notReady()).hasSize(1);

    set.start();

    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(repo.trustedRoot());
    assertThat(bytesOf(set.find(Optional.of(NAME)))).isEqualTo(repo.trustedRoot());
    assertThat(set.notReady()).isEmpty();
    assertThat(changed).containsExactly(NAME);
    Poll.until("the condition True", () -> ours("status").equals(Optional.of("True")));
    assertThat(ours("reason")).hasValue(TrustRootSet.VERIFIED);
    assertThat(conditions(NAME).get("trust-mirror.dev/Ready"))
        .containsEntry("reason", "Published")
        .containsEntry("message", "by the sync agent");

    String before = set.find(Optional.empty()).orElseThrow().identity();
    apply(repo.rotate(2).resource());
    Poll.until(
        "the rotated root",
        () -> !set.find(Optional.empty()).orElseThrow().identity().equals(before));
    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(repo.trustedRoot());
    assertThat(changed).containsExactly(NAME, NAME);
    String identity = repo.trustedRootIdentity();
    Poll.until(
        "the condition names the new root",
        () -> ours("message").map(m -> ((String) m).contains(identity)).orElse(false));
    assertThat(conditions(NAME)).containsKey("trust-mirror.dev/Ready");

    String scrape = meters.scrape();
    assertThat(scrape)
        .contains(
            "trust_mirror_webhook_trustroot_loads_total{result=\"accepted\",trustroot=\"sigstore\"} 2.0")
        .contains("trust_mirror_webhook_trustroot_loaded{trustroot=\"sigstore\"} 1.0");
  }

  @Test
  void keepsTheLastGoodRootWhenATamperedStateArrivesAndReportsIt() throws Exception {
    apply(repo.resource());
    TrustRootSet set = pinned();
    set.start();
    byte[] good = bytesOf(set.find(Optional.empty()));
    syncAgentCondition(NAME);

    apply(repo.rotate(2).tampered());
    Poll.until("the condition False", () -> ours("status").equals(Optional.of("False")));
    assertThat(ours("reason")).hasValue("ArchiveCorrupt");
    assertThat((String) ours("message").orElseThrow())
        .hasSizeLessThanOrEqualTo(StatusCondition.MAX_MESSAGE)
        .isNotBlank();
    assertThat(conditions(NAME)).containsKey("trust-mirror.dev/Ready");
    Poll.until("the Event", () -> refusedEvents().size() == 1);
    Event event = refusedEvents().get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getCount()).isEqualTo(1);
    assertThat(event.getInvolvedObject().getName()).isEqualTo(NAME);
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("TrustRoot");
    assertThat(event.getSource().getComponent()).isEqualTo("trust-mirror-webhook");
    assertThat(event.getMessage()).contains("ArchiveCorrupt").contains("keeps the last verified");
    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(good);

    // another damaged state with the same reason: the same Event, counted
    apply(repo.rotate(3).tampered());
    Poll.until("the Event counted", () -> refusedEvents().get(0).getCount() == 2);
    assertThat(refusedEvents()).hasSize(1);
    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(good);
    assertThat(changed).containsExactly(NAME);
    assertThat(meters.scrape())
        .contains(
            "trust_mirror_webhook_trustroot_loads_total{result=\"refused\",trustroot=\"sigstore\"} 2.0");

    // a good state again: the condition flips back
    apply(repo.rotate(4).resource());
    Poll.until("the condition True", () -> ours("status").equals(Optional.of("True")));
    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(repo.trustedRoot());
  }

  @Test
  void refusesARollbackToAnOlderState() throws Exception {
    GenericKubernetesResource older = repo.resource();
    apply(repo.rotate(2).resource());
    TrustRootSet set = pinned();
    set.start();
    byte[] newer = bytesOf(set.find(Optional.empty()));

    apply(older);
    Poll.until("the condition False", () -> ours("status").equals(Optional.of("False")));
    assertThat(ours("reason")).hasValue("Rollback");
    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(newer);
  }

  @Test
  void aNameNoStateVerifiedForHasNoRootAndNamesFollowThePolicies() throws Exception {
    apply(repo.resource());
    // without a pin: every resource is verified from its own root (not the secure choice)
    TrustRootSet set = set(Optional.of(NAME), TrustAnchor.resourceRoot());
    set.start();

    set.update(Set.of("elsewhere"));
    assertThat(set.watched()).containsExactlyInAnyOrder(NAME, "elsewhere");
    assertThat(set.find(Optional.of("elsewhere"))).isEmpty();
    assertThat(set.find(Optional.of("never-referenced"))).isEmpty();

    TrustRootRepo other = new TrustRootRepo("elsewhere", 7);
    apply(other.resource());
    Poll.until("the other root", () -> set.find(Optional.of("elsewhere")).isPresent());
    assertThat(bytesOf(set.find(Optional.of("elsewhere")))).isEqualTo(other.trustedRoot());
    assertThat(bytesOf(set.find(Optional.empty()))).isEqualTo(repo.trustedRoot());

    // deleted: the last good root is kept
    client.genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS).withName("elsewhere").delete();
    Poll.until(
        "the deletion seen",
        () -> set.problem("elsewhere").map(p -> p.contains("deleted")).orElse(false));
    assertThat(bytesOf(set.find(Optional.of("elsewhere")))).isEqualTo(other.trustedRoot());
    set.update(Set.of("elsewhere", "bad name!"));
    assertThat(set.watched()).containsExactlyInAnyOrder(NAME, "elsewhere");

    // no longer referenced: dropped; the default stays
    set.update(Set.of());
    assertThat(set.watched()).containsExactly(NAME);
    assertThat(set.find(Optional.of("elsewhere"))).isEmpty();
    assertThat(set.find(Optional.empty())).isPresent();
  }

  @Test
  void isNotReadyWhileTheDefaultDoesNotExist() throws Exception {
    TrustRootSet set = pinned();
    set.start();

    assertThat(set.find(Optional.empty())).isEmpty();
    assertThat(set.notReady()).singleElement().asString().contains(NAME).contains("does not exist");

    apply(repo.resource());
    Poll.until("the root", () -> set.find(Optional.empty()).isPresent());
    assertThat(set.notReady()).isEmpty();
  }

  @Test
  void withoutDefaultTheEmptyReferenceHasNoRoot() throws Exception {
    TrustRootSet set = set(Optional.empty(), TrustAnchor.pinnedRoot(repo.pinnedRoot()));
    set.start();
    assertThat(set.find(Optional.empty())).isEmpty();
    assertThat(set.notReady()).isEmpty();
    assertThat(set.watched()).isEmpty();
  }
}
