package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseSettingsTest {

  @Test
  void defaultsAreClientGosTimings() {
    LeaseSettings s = LeaseSettings.defaults("trust-mirror", "pod-1-ab12");

    assertThat(s.name()).isEqualTo("trust-mirror-sync-agent");
    assertThat(s.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void timingsMustNest() {
    LeaseSettings s = LeaseSettings.defaults("ns", "id");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                s.withTimings(
                    Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                s.withTimings(
                    Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> s.withTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO));
  }

  @Test
  void namesMustBeKubernetesNames() {
    assertThatIllegalArgumentException().isThrownBy(() -> LeaseSettings.defaults("Bad_NS", "id"));
    assertThatIllegalArgumentException().isThrownBy(() -> LeaseSettings.defaults("a.b", "id"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LeaseSettings.defaults("ns", "id").withName("-lease"));
    assertThatIllegalArgumentException().isThrownBy(() -> LeaseSettings.defaults("ns", " "));
    assertThat(LeaseSettings.defaults("ns", "id").withName("a.b-c").name()).isEqualTo("a.b-c");
  }
}
