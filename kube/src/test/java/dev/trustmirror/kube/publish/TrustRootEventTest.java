package dev.trustmirror.kube.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrustRootEventTest {
  static final String SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

  @Test
  void theSameKeyIsTheSameObjectNameWhateverTheMessage() {
    String a = TrustRootEvent.syncFailed("Rollback", "one").objectName("sigstore");
    String b = TrustRootEvent.syncFailed("Rollback", "two").objectName("sigstore");

    assertThat(a).isEqualTo(b).matches("sigstore\\.[0-9a-f]{16}");
    assertThat(TrustRootEvent.syncFailed("SourceUnavailable", "one").objectName("sigstore"))
        .isNotEqualTo(a);
    assertThat(TrustRootEvent.synced("abc", "x").objectName("sigstore")).isNotEqualTo(a);
  }

  @Test
  void expiryEventsDifferByRoleVersionAndLevel() {
    String w = TrustRootEvent.expiresSoon("timestamp", 3, "warning", "m").objectName("s");
    assertThat(TrustRootEvent.expiresSoon("timestamp", 3, "critical", "m").objectName("s"))
        .isNotEqualTo(w);
    assertThat(TrustRootEvent.expiresSoon("timestamp", 4, "warning", "m").objectName("s"))
        .isNotEqualTo(w);
    assertThat(TrustRootEvent.expiresSoon("snapshot", 3, "warning", "m").objectName("s"))
        .isNotEqualTo(w);
    assertThat(TrustRootEvent.expiresSoon("timestamp", 3, "warning", "m").repeat())
        .isEqualTo(TrustRootEvent.Repeat.ONCE);
    assertThat(TrustRootEvent.syncFailed("R", "m").repeat()).isEqualTo(TrustRootEvent.Repeat.COUNT);
  }

  @Test
  void aLongResourceNameStillGivesAValidEventName() {
    String longName = "a".repeat(199) + "-" + "b".repeat(53);

    String name = TrustRootEvent.synced("h", "m").objectName(longName);

    assertThat(name).hasSizeLessThanOrEqualTo(253).matches(SUBDOMAIN);
    assertThat(TrustRootEvent.synced("h", "m").objectName("a".repeat(199) + ".b" + "c".repeat(60)))
        .matches(SUBDOMAIN);
  }
}
