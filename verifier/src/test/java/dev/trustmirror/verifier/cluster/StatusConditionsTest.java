package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Merging one condition into whatever a resource's status holds. */
class StatusConditionsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-03-01T11:00:00Z");
  static final StatusCondition READY =
      new StatusCondition("Ready", "True", "Loaded", "ok", OptionalLong.of(2));

  private static Map<String, Object> written(StatusCondition c, Instant at) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", c.type());
    m.put("status", c.status());
    c.observedGeneration().ifPresent(g -> m.put("observedGeneration", g));
    m.put("lastTransitionTime", at.toString());
    m.put("reason", c.reason());
    m.put("message", c.message());
    return m;
  }

  @Test
  void addsTheConditionAndKeepsEverythingElse() {
    Map<String, Object> other = Map.of("type", "trust-mirror.dev/Ready", "status", "False");
    StatusConditions.Merged m =
        StatusConditions.merge(
            Map.of("conditions", List.of(other), "observedGeneration", 7), READY, T0);
    assertThat(m.changed()).isTrue();
    assertThat(m.status()).containsEntry("observedGeneration", 7);
    assertThat(m.status().get("conditions")).isEqualTo(List.of(other, written(READY, T0)));
  }

  @Test
  void writesNothingWhenTheConditionIsAlreadyThere() {
    StatusConditions.Merged m =
        StatusConditions.merge(Map.of("conditions", List.of(written(READY, T0))), READY, T1);
    assertThat(m.changed()).isFalse();
    assertThat(m.status().get("conditions")).isEqualTo(List.of(written(READY, T0)));
  }

  @Test
  void keepsTheTransitionTimeUnlessTheStatusFlips() {
    StatusCondition newMessage =
        new StatusCondition("Ready", "True", "Loaded", "other", OptionalLong.of(3));
    StatusConditions.Merged same =
        StatusConditions.merge(Map.of("conditions", List.of(written(READY, T0))), newMessage, T1);
    assertThat(same.changed()).isTrue();
    assertThat(same.status().get("conditions")).isEqualTo(List.of(written(newMessage, T0)));

    StatusCondition flipped =
        new StatusCondition("Ready", "False", "Invalid", "bad", OptionalLong.of(3));
    StatusConditions.Merged flip =
        StatusConditions.merge(Map.of("conditions", List.of(written(READY, T0))), flipped, T1);
    assertThat(flip.status().get("conditions")).isEqualTo(List.of(written(flipped, T1)));
  }

  @Test
  void survivesHostileStatuses() {
    for (Object status :
        List.of(
            "a string",
            List.of(1, 2),
            Map.of("conditions", "not a list"),
            Map.of("conditions", List.of("x", 42, Map.of("status", "True"))),
            Map.of(
                "conditions",
                List.of(
                    Map.of("type", "Ready", "status", "True", "lastTransitionTime", "yesterday"),
                    Map.of("type", "Ready", "status", "False"))))) {
      StatusConditions.Merged m = StatusConditions.merge(status, READY, T0);
      assertThat(m.changed()).as("%s", status).isTrue();
      @SuppressWarnings("unchecked")
      List<Object> conditions = (List<Object>) m.status().get("conditions");
      assertThat(conditions)
          .filteredOn(c -> c instanceof Map<?, ?> map && "Ready".equals(map.get("type")))
          .as("%s", status)
          .containsExactly(written(READY, T0));
    }
  }

  @Test
  void boundsTheMessage() {
    StatusCondition c =
        new StatusCondition("Ready", "False", "Invalid", "x".repeat(100_000), OptionalLong.empty());
    assertThat(c.message()).hasSize(StatusCondition.MAX_MESSAGE).endsWith("...");
  }
}
