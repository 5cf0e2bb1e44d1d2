package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.time.MovableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link StatusWriter}: a write that loses a race (409) reads again, decides again, writes. */
@EnableKubernetesMockClient(crud = true)
class StatusWriterIT {
  KubernetesMockServer server;
  KubernetesClient client;

  StatusWriter writer;

  @BeforeEach
  void setUp() {
    Crds.register(server);
    writer =
        new StatusWriter(
            client,
            PolicyWatch.IMAGE_TRUST_POLICIES,
            new MovableClock(Instant.parse("2026-03-01T10:00:00Z")));
  }

  private GenericKubernetesResource create(String name) throws Exception {
    return client
        .genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES)
        .resource(PolicyWatchIT.policy(name, "{}"))
        .create();
  }

  private static StatusCondition condition(GenericKubernetesResource r) {
    return new StatusCondition(
        "Ready", "True", "Loaded", "labels " + r.getMetadata().getLabels(), OptionalLong.empty());
  }

  @Test
  void readsAgainAndRetriesAfterAConflict() throws Exception {
    GenericKubernetesResource stale = create("raced");
    GenericKubernetesResource moved =
        client.genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES).withName("raced").get();
    moved.getMetadata().setLabels(Map.of("moved", "yes"));
    client.genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES).resource(moved).update();
    // the CRUD mock does not check resourceVersion on the status subresource: answer one 409
    server
        .expect()
        .put()
        .withPath("/apis/trust-mirror.dev/v1alpha1/imagetrustpolicies/raced/status")
        .andReturn(
            409,
            new StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage("the object has been modified")
                .build())
        .once();
    AtomicInteger decisions = new AtomicInteger();

    StatusWriter.Outcome outcome =
        writer.write(
            "raced",
            Optional.of(stale),
            r -> {
              decisions.incrementAndGet();
              return condition(r);
            });

    assertThat(outcome).isEqualTo(StatusWriter.Outcome.WRITTEN);
    assertThat(decisions).hasValue(2); // once for the stale copy, once for the one read again
    GenericKubernetesResource stored =
        client.genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES).withName("raced").get();
    assertThat(StatusConditions.find(stored.getAdditionalProperties().get("status"), "Ready"))
        .hasValueSatisfying(c -> assertThat(c.get("message")).isEqualTo("labels {moved=yes}"));

    assertThat(writer.write("raced", Optional.empty(), StatusWriterIT::condition))
        .isEqualTo(StatusWriter.Outcome.UNCHANGED);
  }

  @Test
  void leavesAMissingResourceAlone() {
    assertThat(writer.write("gone", Optional.empty(), StatusWriterIT::condition))
        .isEqualTo(StatusWriter.Outcome.ABSENT);
  }
}
