package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.time.MovableClock;
import dev.trustmirror.verifier.policy.ImageTrustPolicy;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException;
import dev.trustmirror.verifier.policy.InvalidPolicy;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicyCondition;
import dev.trustmirror.verifier.policy.PolicySet;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyWatch} against the fabric8 mock API server (CRUD mode): the policy set follows the
 * resources, and each resource gets its {@code Ready} condition, written once.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyWatchIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;

  MovableClock clock = new MovableClock(T0);
  List<PolicySet> changes = new CopyOnWriteArrayList<>();
  PolicyWatch watch;

  @BeforeEach
  void setUp() {
    Crds.register(server);
    watch = PolicyWatch.create(client, clock, changes::add);
  }

  @AfterEach
  void tearDown() {
    watch.close();
    // Close the watch connections before the mock server shuts down: it waits for open ones.
    client.close();
  }

  static GenericKubernetesResource policy(String name, String spec) throws IOException {
    return JSON.readValue(
        "{\"apiVersion\":\"trust-mirror.dev/v1alpha1\",\"kind\":\"ImageTrustPolicy\","
            + "\"metadata\":{\"name\":\""
            + name
            + "\"},\"spec\":"
            + spec
            + "}",
        GenericKubernetesResource.class);
  }

  static String spec(String images, Optional<String> trustRootRef) {
    return "{\"images\":"
        + images
        + ",\"authorities\":[{\"name\":\"ci\",\"keyless\":{\"identities\":"
        + "[{\"issuer\":\"https://issuer.example\",\"subject\":\"ci@example.com\"}]}}]"
        + trustRootRef.map(r -> ",\"trustRootRef\":\"" + r + "\"").orElse("")
        + "}";
  }

  private GenericKubernetesResource apply(GenericKubernetesResource r) {
    r.getMetadata().setResourceVersion(null);
    return client
        .genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES)
        .resource(r)
        .createOr(NonDeletingOperation::update);
  }

  private void withStatus(GenericKubernetesResource r, Object status) {
    GenericKubernetesResource created = apply(r);
    created.setAdditionalProperty("status", status);
    client
        .genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES)
        .resource(created)
        .updateStatus();
  }

  private GenericKubernetesResource stored(String name) {
    return client.genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private Optional<Map<String, Object>> ready(String name) {
    return Optional.ofNullable(stored(name))
        .flatMap(r -> StatusConditions.find(r.getAdditionalProperties().get("status"), "Ready"))
        .map(m -> (Map<String, Object>) m);
  }

  private Optional<LoadedPolicy> inSet(String name) {
    return watch.get().policies().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  @Test
  void followsPoliciesAddedChangedAndDeleted() throws Exception {
    apply(policy("before-start", spec("[\"registry.example/a/**\"]", Optional.empty())));
    assertThat(watch.synced()).isFalse();
    assertThat(watch.notReady()).hasSize(1);

    watch.start(Poll.LIMIT);
    assertThat(watch.synced()).isTrue();
    assertThat(watch.notReady()).isEmpty();
    assertThat(inSet("before-start")).get().isInstanceOf(ImageTrustPolicy.class);

    apply(policy("refs", spec("[\"registry.example/b/**\"]", Optional.of("mirror-one"))));
    Poll.until("the new policy in the set", () -> inSet("refs").isPresent());
    assertThat(watch.trustRootRefs()).containsExactly("mirror-one");
    assertThat(changes.get(changes.size() - 1).policies())
        .extracting(LoadedPolicy::name)
        .containsExactly("before-start", "refs");

    apply(policy("refs", spec("[\"registry.example/b/**\"]", Optional.of("mirror-two"))));
    Poll.until("the changed reference", () -> watch.trustRootRefs().contains("mirror-two"));
    assertThat(watch.trustRootRefs()).containsExactly("mirror-two");

    client.genericKubernetesResources(PolicyWatch.IMAGE_TRUST_POLICIES).withName("refs").delete();
    Poll.until("the policy gone", () -> inSet("refs").isEmpty());
    assertThat(watch.trustRootRefs()).isEmpty();
    assertThat(changes.get(changes.size() - 1)).isSameAs(watch.get());
  }

  @Test
  void writesReadyTrueOnceAndNotAgainForItsOwnStatusUpdate() throws Exception {
    watch.start(Poll.LIMIT);
    apply(policy("signed", spec("[\"registry.example/**\"]", Optional.empty())));

    Poll.until("the Ready condition", () -> ready("signed").isPresent());
    // the add, then the update our status write caused: both handled
    Poll.until("two events handled", () -> watch.handled() >= 2);
    Map<String, Object> condition = ready("signed").orElseThrow();
    assertThat(condition)
        .containsEntry("status", "True")
        .containsEntry("reason", "Loaded")
        .containsEntry("lastTransitionTime", T0.toString());
    assertThat(watch.statusWrites()).isEqualTo(1);
    int changesBefore = changes.size();
    String version = stored("signed").getMetadata().getResourceVersion();

    // a label changes nothing the parser reads: no status write, no new set
    clock.advance(Duration.ofMinutes(5));
    GenericKubernetesResource labelled = stored("signed");
    labelled.getMetadata().setLabels(Map.of("team", "platform"));
    apply(labelled);
    Poll.until("the label update handled", () -> watch.handled() >= 3);
    assertThat(watch.statusWrites()).isEqualTo(1);
    assertThat(changes).hasSize(changesBefore);
    assertThat(stored("signed").getMetadata().getResourceVersion()).isNotEqualTo(version);
    assertThat(ready("signed").orElseThrow()).containsEntry("lastTransitionTime", T0.toString());
  }

  @Test
  void reportsAnInvalidPolicyInItsConditionAndKeepsItInTheSet() throws Exception {
    watch.start(Poll.LIMIT);
    apply(policy("broken", spec("[\"registry.example/app:*\"]", Optional.of("ignored"))));

    Poll.until("the Ready condition", () -> ready("broken").isPresent());
    InvalidPolicy invalid = (InvalidPolicy) inSet("broken").orElseThrow();
    assertThat(invalid.rule()).isEqualTo(InvalidImageTrustPolicyException.Rule.INVALID_GLOB);
    Map<String, Object> condition = ready("broken").orElseThrow();
    assertThat(condition)
        .containsEntry("status", "False")
        .containsEntry("reason", "Invalid")
        .containsEntry("message", invalid.condition().message());
    assertThat((String) condition.get("message")).contains(invalid.message());
    // an invalid policy's reference is not followed
    assertThat(watch.trustRootRefs()).isEmpty();

    // fixed: the condition flips to True with a new transition time
    clock.advance(Duration.ofMinutes(1));
    apply(policy("broken", spec("[\"registry.example/app\"]", Optional.empty())));
    Poll.until("Ready True", () -> "True".equals(ready("broken").orElseThrow().get("status")));
    assertThat(ready("broken").orElseThrow())
        .containsEntry("lastTransitionTime", T0.plus(Duration.ofMinutes(1)).toString());
    assertThat(inSet("broken")).get().isInstanceOf(ImageTrustPolicy.class);
  }

  @Test
  void survivesHostileResources() throws Exception {
    // statuses written before the watch starts (the API server drops status on create)
    withStatus(policy("odd-status", spec("[\"x/**\"]", Optional.empty())), "not an object");
    withStatus(
        policy("foreign-conditions", spec("[\"x/**\"]", Optional.empty())),
        Map.of(
            "conditions",
            List.of("a string", Map.of("type", "Other", "status", "True"), 42),
            "observedGeneration",
            "seven"));
    watch.start(Poll.LIMIT);
    // wrong types everywhere, a huge glob
    apply(policy("wrong-types", "{\"images\":5,\"authorities\":\"none\",\"failurePolicy\":[]}"));
    String huge = "registry.example/" + "a".repeat(100_000) + "!";
    apply(policy("huge", spec("[\"" + huge + "\"]", Optional.empty())));

    Poll.until(
        "four conditions",
        () ->
            ready("wrong-types").isPresent()
                && ready("huge").isPresent()
                && ready("odd-status").isPresent()
                && ready("foreign-conditions").isPresent());
    InvalidPolicy wrong = (InvalidPolicy) inSet("wrong-types").orElseThrow();
    assertThat(wrong.rule()).isEqualTo(InvalidImageTrustPolicyException.Rule.WRONG_TYPE);
    assertThat(ready("wrong-types").orElseThrow()).containsEntry("status", "False");
    assertThat((String) ready("huge").orElseThrow().get("message"))
        .hasSizeLessThanOrEqualTo(PolicyCondition.MAX_MESSAGE);
    assertThat(ready("odd-status").orElseThrow()).containsEntry("status", "True");
    @SuppressWarnings("unchecked")
    List<Object> kept =
        (List<Object>)
            ((Map<String, Object>)
                    stored("foreign-conditions").getAdditionalProperties().get("status"))
                .get("conditions");
    assertThat(kept).hasSize(4).startsWith("a string", Map.of("type", "Other", "status", "True"));
    assertThat(watch.get().policies()).hasSize(4);
  }

  @Test
  void failsToStartAgainstAnUnreachableApiServer() throws Exception {
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
      PolicyWatch w = PolicyWatch.create(unreachable, clock, changes::add);
      assertThatThrownBy(() -> w.start(Duration.ofSeconds(20)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Tried to list and watch imagetrustpolicies.trust-mirror.dev");
      assertThat(w.synced()).isFalse();
      assertThat(w.notReady()).singleElement().asString().contains("not been listed");
    }
  }
}
