package dev.trustmirror.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingStateTest {
  private static GenericKubernetesResource state(String resourceVersion) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setMetadata(
        new ObjectMetaBuilder().withName("sigstore").withResourceVersion(resourceVersion).build());
    return r;
  }

  @Test
  void theFirstOfferStartsADrainAndLaterOnesJoinIt() {
    PendingState p = new PendingState();
    assertThat(p.offer(Optional.of(state("1")))).isTrue();
    assertThat(p.offer(Optional.of(state("2")))).isFalse();
    assertThat(p.offer(Optional.empty())).isFalse();
  }

  @Test
  void onlyTheNewestStateIsTakenAndAnEmptyMailboxEndsTheDrain() {
    PendingState p = new PendingState();
    p.offer(Optional.of(state("1")));
    p.offer(Optional.of(state("2")));
    assertThat(p.take())
        .hasValueSatisfying(
            s -> assertThat(s.get().getMetadata().getResourceVersion()).isEqualTo("2"));
    assertThat(p.take()).isEmpty();
    // The drain ended: the next offer must start another.
    assertThat(p.offer(Optional.empty())).isTrue();
    assertThat(p.take()).hasValue(Optional.empty());
  }

  @Test
  void aStateOfferedDuringADrainIsTakenByThatDrain() {
    PendingState p = new PendingState();
    p.offer(Optional.of(state("1")));
    assertThat(p.take()).isPresent();
    assertThat(p.offer(Optional.of(state("2")))).isFalse();
    assertThat(p.take()).hasValueSatisfying(s -> assertThat(s).isPresent());
  }

  @Test
  void aStoppedDrainLetsTheNextOfferStartAnother() {
    PendingState p = new PendingState();
    p.offer(Optional.of(state("1")));
    p.stopped();
    assertThat(p.offer(Optional.of(state("2")))).isTrue();
  }
}
