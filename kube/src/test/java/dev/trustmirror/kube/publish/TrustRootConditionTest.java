package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.publish.TrustRootCondition.Status;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading {@code status.conditions} of a resource anyone could have written. */
class TrustRootConditionTest {

  private static GenericKubernetesResource withStatus(Object status) {
    GenericKubernetesResource r =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("policy.sigstore.dev/v1alpha1")
            .withKind("TrustRoot")
            .withNewMetadata()
            .withName("x")
            .endMetadata()
            .build();
    if (status != null) {
      r.setAdditionalProperty("status", status);
    }
    return r;
  }

  private static Map<String, Object> condition(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void readsAWellFormedConditionWithTypedFields() {
    List<TrustRootCondition> c =
        TrustRootCondition.readAll(
            withStatus(
                Map.of(
                    "conditions",
                    List.of(
                        condition(
                            "type", "trust-mirror.dev/Ready",
                            "status", "False",
                            "reason", "Expired",
                            "message", "timestamp expired",
                            "lastTransitionTime", "2026-03-08T10:00:00Z",
                            "observedGeneration", 4)))));

    assertThat(c)
        .containsExactly(
            new TrustRootCondition(
                TrustRootCondition.READY,
                Status.FALSE,
                "Expired",
                "timestamp expired",
                Optional.of(Instant.parse("2026-03-08T10:00:00Z")),
                OptionalLong.of(4)));
    assertThat(c.get(0).isOurs()).isTrue();
  }

  @Test
  void noStatusOrNoConditionsReadAsNone() {
    assertThat(TrustRootCondition.readAll(withStatus(null))).isEmpty();
    assertThat(TrustRootCondition.readAll(withStatus("a string"))).isEmpty();
    assertThat(TrustRootCondition.readAll(withStatus(Map.of("conditions", "none")))).isEmpty();
    assertThat(TrustRootCondition.readAll(withStatus(Map.of("conditions", Map.of("type", "A")))))
        .isEmpty();
  }

  @Test
  void entriesThatAreNotConditionsAreLeftOut() {
    List<Object> entries =
        List.of(
            "Ready",
            42,
            List.of(),
            condition("status", "True"),
            condition("type", "", "status", "True"),
            condition("type", 7, "status", "True"),
            condition("type", "A"),
            condition("type", "A", "status", "true"),
            condition("type", "A", "status", "Maybe"),
            condition("type", "A", "status", true),
            condition("type", "Kept", "status", "Unknown"));

    List<TrustRootCondition> c =
        TrustRootCondition.readAll(withStatus(Map.of("conditions", entries)));

    assertThat(c).extracting(TrustRootCondition::type).containsExactly("Kept");
    assertThat(c.get(0).status()).isEqualTo(Status.UNKNOWN);
    assertThat(c.get(0).isOurs()).isFalse();
  }

  @Test
  void badOptionalFieldsReadAsEmptyOrAbsent() {
    List<Object> entries =
        List.of(
            condition(
                "type",
                "A",
                "status",
                "True",
                "reason",
                12,
                "message",
                Map.of("x", 1),
                "lastTransitionTime",
                "yesterday",
                "observedGeneration",
                -1),
            condition("type", "B", "status", "False", "observedGeneration", "3"),
            condition("type", "C", "status", "False", "observedGeneration", 2.5),
            condition(
                "type", "D",
                "status", "False",
                "observedGeneration", new java.math.BigInteger("99999999999999999999999")),
            condition("type", "E", "status", "False", "lastTransitionTime", 1700000000));

    List<TrustRootCondition> c =
        TrustRootCondition.readAll(withStatus(Map.of("conditions", entries)));

    assertThat(c).hasSize(5);
    assertThat(c.get(0).reason()).isEmpty();
    assertThat(c.get(0).message()).isEmpty();
    assertThat(c.get(0).lastTransitionTime()).isEmpty();
    for (TrustRootCondition each : c) {
      assertThat(each.observedGeneration()).as(each.type()).isEmpty();
    }
    assertThat(c.get(4).lastTransitionTime()).isEmpty();
  }

  @Test
  void anOffsetTransitionTimeIsReadAsTheSameInstant() {
    List<TrustRootCondition> c =
        TrustRootCondition.readAll(
            withStatus(
                Map.of(
                    "conditions",
                    List.of(
                        condition(
                            "type", "A",
                            "status", "True",
                            "lastTransitionTime", "2026-03-08T12:00:00+02:00")))));

    assertThat(c.get(0).lastTransitionTime()).contains(Instant.parse("2026-03-08T10:00:00Z"));
  }

  @Test
  void writesTheKubernetesConditionShape() {
    Map<String, Object> m =
        TrustRootCondition.of(TrustRootCondition.SYNC_FAILED, Status.TRUE, "Rollback", "m", 3)
            .at(Instant.parse("2026-03-08T10:00:00.900Z"))
            .toMap();

    assertThat(m)
        .containsExactly(
            Map.entry("type", "trust-mirror.dev/SyncFailed"),
            Map.entry("status", "True"),
            Map.entry("observedGeneration", 3L),
            Map.entry("lastTransitionTime", "2026-03-08T10:00:00Z"),
            Map.entry("reason", "Rollback"),
            Map.entry("message", "m"));
  }
}
