package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.verifier.admission.InvolvedObject;
import dev.trustmirror.verifier.admission.WarningEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkloadEvents} against the fabric8 mock API server (CRUD mode): Warning Events in the
 * workload's namespace, counted on repeat, dropped when the queue is full, failures counted.
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadEventsIT {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  KubernetesClient client;

  SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** Runs what it was given only when told: the test is the executor's only thread. */
  static final class ManualExecutor implements Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
        t.run();
      }
    }
  }

  private static WarningEvent event(String name, Optional<String> uid, String message) {
    return new WarningEvent(
        WarningEvent.NOT_VERIFIED, message, new InvolvedObject("v1", "Pod", "shop", name, uid), T0);
  }

  private double count(String result) {
    return meters.get("trust_mirror.webhook.events").tag("result", result).counter().count();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("shop").list().getItems();
  }

  @Test
  void postsAWarningAboutTheWorkloadAndCountsRepeats() {
    ManualExecutor executor = new ManualExecutor();
    WorkloadEvents posts = WorkloadEvents.create(client, executor, 10, meters);

    posts.accept(event("web-1", Optional.of("uid-1"), "first"));
    posts.accept(event("web-1", Optional.of("uid-1"), "second"));
    posts.accept(event("web-2", Optional.empty(), "other pod"));
    executor.runAll();

    assertThat(events()).hasSize(2);
    Event web1 =
        events().stream()
            .filter(e -> e.getInvolvedObject().getName().equals("web-1"))
            .findFirst()
            .orElseThrow();
    assertThat(web1.getType()).isEqualTo("Warning");
    assertThat(web1.getReason()).isEqualTo(WarningEvent.NOT_VERIFIED);
    assertThat(web1.getCount()).isEqualTo(2);
    assertThat(web1.getMessage()).isEqualTo("second");
    assertThat(web1.getInvolvedObject().getUid()).isEqualTo("uid-1");
    assertThat(web1.getInvolvedObject().getNamespace()).isEqualTo("shop");
    assertThat(web1.getSource().getComponent()).isEqualTo("trust-mirror-webhook");
    assertThat(web1.getMetadata().getName())
        .isEqualTo(
            WorkloadEvents.objectName(
                new InvolvedObject("v1", "Pod", "shop", "web-1", Optional.of("uid-1")),
                WarningEvent.NOT_VERIFIED));
    assertThat(count("posted")).isEqualTo(3);
  }

  @Test
  void dropsAndCountsWhatDoesNotFitTheQueue() {
    ManualExecutor executor = new ManualExecutor();
    WorkloadEvents posts = WorkloadEvents.create(client, executor, 2, meters);

    for (int i = 0; i < 5; i++) {
      posts.accept(event("web-" + i, Optional.empty(), "m"));
    }
    assertThat(count("dropped")).isEqualTo(3);
    executor.runAll();
    assertThat(events()).hasSize(2);

    // the queue drained: room again
    posts.accept(event("web-9", Optional.empty(), "m"));
    executor.runAll();
    assertThat(count("posted")).isEqualTo(3);
    assertThat(count("dropped")).isEqualTo(3);
  }

  @Test
  void neverThrowsAndCountsFailures() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      ManualExecutor executor = new ManualExecutor();
      WorkloadEvents posts = WorkloadEvents.create(unreachable, executor, 2, meters);
      posts.accept(event("web", Optional.empty(), "m"));
      executor.runAll();
      assertThat(count("failed")).isEqualTo(1);
      assertThat(count("posted")).isZero();
      // rejected by the executor: dropped, not thrown
      WorkloadEvents rejecting =
          WorkloadEvents.create(
              unreachable,
              t -> {
                throw new java.util.concurrent.RejectedExecutionException("shut down");
              },
              2,
              meters);
      rejecting.accept(event("web", Optional.empty(), "m"));
      assertThat(count("dropped")).isEqualTo(1);
    }
  }

  @Test
  void namesHostileObjectsWithValidEventNames() {
    ManualExecutor executor = new ManualExecutor();
    WorkloadEvents posts = WorkloadEvents.create(client, executor, 10, meters);
    posts.accept(event("web-*", Optional.empty(), "generateName only"));
    posts.accept(event("x".repeat(300), Optional.empty(), "long"));
    executor.runAll();
    assertThat(count("posted")).isEqualTo(2);
    assertThat(events())
        .allSatisfy(
            e ->
                assertThat(e.getMetadata().getName())
                    .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
                    .hasSizeLessThanOrEqualTo(253));
  }
}
