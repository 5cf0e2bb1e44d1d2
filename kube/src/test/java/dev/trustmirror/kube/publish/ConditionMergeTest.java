package dev.trustmirror.kube.publish;

import static dev.trustmirror.kube.publish.TrustRootCondition.READY;
import static dev.trustmirror.kube.publish.TrustRootCondition.SYNC_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.publish.TrustRootCondition.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionMergeTest {
  static final Instant EARLIER = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant NOW = Instant.parse("2026-03-02T12:30:45.678Z");

  private static TrustRootCondition ready(Status status, String message) {
    return TrustRootCondition.of(READY, status, "Verified", message, 2);
  }

  private static Map<String, Object> written(TrustRootCondition c, Instant at) {
    return c.at(at).toMap();
  }

  private static List<TrustRootCondition> parsed(ConditionMerge.Result r) {
    List<TrustRootCondition> out = new ArrayList<>();
    for (Object o : r.conditions()) {
      TrustRootCondition.parse(ResourceJson.MAPPER.valueToTree(o)).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void newConditionsGetNowAsTransitionTimeInWholeSeconds() {
    ConditionMerge.Result r = ConditionMerge.merge(null, List.of(ready(Status.TRUE, "m")), NOW);

    assertThat(r.changed()).isTrue();
    assertThat(parsed(r).get(0).lastTransitionTime())
        .contains(Instant.parse("2026-03-02T12:30:45Z"));
  }

  @Test
  void anUnchangedConditionIsNotAChange() {
    List<Object> existing = List.of(written(ready(Status.TRUE, "m"), EARLIER));

    ConditionMerge.Result r = ConditionMerge.merge(existing, List.of(ready(Status.TRUE, "m")), NOW);

    assertThat(r.changed()).isFalse();
    assertThat(parsed(r).get(0).lastTransitionTime()).contains(EARLIER);
  }

  @Test
  void aNewMessageWithTheSameStatusKeepsTheTransitionTime() {
    List<Object> existing = List.of(written(ready(Status.TRUE, "old"), EARLIER));

    ConditionMerge.Result r =
        ConditionMerge.merge(existing, List.of(ready(Status.TRUE, "new")), NOW);

    assertThat(r.changed()).isTrue();
    assertThat(parsed(r).get(0).message()).isEqualTo("new");
    assertThat(parsed(r).get(0).lastTransitionTime()).contains(EARLIER);
  }

  @Test
  void aFlippedStatusGetsNow() {
    List<Object> existing = List.of(written(ready(Status.TRUE, "m"), EARLIER));

    ConditionMerge.Result r =
        ConditionMerge.merge(existing, List.of(ready(Status.FALSE, "m")), NOW);

    assertThat(parsed(r).get(0).status()).isEqualTo(Status.FALSE);
    assertThat(parsed(r).get(0).lastTransitionTime())
        .contains(Instant.parse("2026-03-02T12:30:45Z"));
  }

  @Test
  void conditionsOfOthersAreKeptExactlyInPlace() {
    Map<String, Object> theirs = new LinkedHashMap<>();
    theirs.put("type", "Ready");
    theirs.put("status", "True");
    theirs.put("severity", "Info");
    theirs.put("x-unknown", List.of(1, 2));
    List<Object> existing = List.of(theirs, written(ready(Status.TRUE, "m"), EARLIER));

    ConditionMerge.Result r =
        ConditionMerge.merge(
            existing,
            List.of(
                ready(Status.TRUE, "m"),
                TrustRootCondition.of(SYNC_FAILED, Status.FALSE, "Succeeded", "ok", 2)),
            NOW);

    assertThat(r.conditions()).hasSize(3);
    assertThat(r.conditions().get(0)).isEqualTo(theirs);
    assertThat(parsed(r).get(1).type()).isEqualTo(READY);
    assertThat(parsed(r).get(2).type()).isEqualTo(SYNC_FAILED);
    assertThat(r.changed()).isTrue();
  }

  @Test
  void hostileExistingConditionsAreReplacedOrKeptNeverFatal() {
    Map<String, Object> broken = new LinkedHashMap<>();
    broken.put("type", READY);
    broken.put("status", "Maybe");
    broken.put("lastTransitionTime", "yesterday");
    List<Object> existing =
        List.of("not an object", 17, broken, written(ready(Status.TRUE, "m"), EARLIER));

    ConditionMerge.Result r = ConditionMerge.merge(existing, List.of(ready(Status.TRUE, "m")), NOW);

    // the strings and numbers are not ours: kept; our type appears once, from the broken entry
    assertThat(r.conditions()).hasSize(3);
    assertThat(r.conditions().subList(0, 2)).containsExactly("not an object", 17);
    List<TrustRootCondition> mine = parsed(r);
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).status()).isEqualTo(Status.TRUE);
    assertThat(mine.get(0).lastTransitionTime()).contains(Instant.parse("2026-03-02T12:30:45Z"));
    assertThat(r.changed()).isTrue();
  }

  @Test
  void conditionsThatAreNotAListReadAsNone() {
    ConditionMerge.Result r =
        ConditionMerge.merge(Map.of("type", READY), List.of(ready(Status.TRUE, "m")), NOW);

    assertThat(r.conditions()).hasSize(1);
    assertThat(r.changed()).isTrue();
  }

  @Test
  void aConditionWithoutTransitionTimeGetsOneAndCountsAsAChange() {
    Map<String, Object> noTime = new LinkedHashMap<>(ready(Status.TRUE, "m").toMap());

    ConditionMerge.Result r =
        ConditionMerge.merge(List.of(noTime), List.of(ready(Status.TRUE, "m")), NOW);

    assertThat(r.changed()).isTrue();
    assertThat(parsed(r).get(0).lastTransitionTime()).isPresent();
  }
}
