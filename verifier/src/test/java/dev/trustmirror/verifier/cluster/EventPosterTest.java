package dev.trustmirror.verifier.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event names are valid DNS subdomains for any object name, and depend only on name and key. */
class EventPosterTest {
  private static final String SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

  @ParameterizedTest
  @ValueSource(
      strings = {"web-1", "web-*", "", "-", "...", "a..b", "A_B", "a.-b-.c", "\u0000\n\u2028", "é"})
  void makesAValidNameOfAnyObjectName(String objectName) {
    String name = EventPoster.objectName(objectName, "key");
    assertThat(name).matches(SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
    assertThat(EventPoster.objectName(objectName, "key")).isEqualTo(name);
    assertThat(EventPoster.objectName(objectName, "other")).isNotEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(ints = {199, 200, 201, 253, 10_000})
  void cutsLongNames(int length) {
    assertThat(EventPoster.objectName("a".repeat(length), "key"))
        .matches(SUBDOMAIN)
        .hasSizeLessThanOrEqualTo(253);
  }
}
