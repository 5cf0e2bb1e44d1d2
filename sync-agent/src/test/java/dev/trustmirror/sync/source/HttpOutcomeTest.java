package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpOutcomeTest {

  @ParameterizedTest
  @CsvSource({
    "200, FOUND",
    "404, NOT_FOUND",
    "403, NOT_FOUND",
    "500, RETRY",
    "502, RETRY",
    "503, RETRY",
    "504, RETRY",
    "429, RETRY",
    "408, RETRY",
    "400, FAIL",
    "401, FAIL",
    "407, FAIL",
    "410, FAIL",
    "204, FAIL",
    "206, FAIL",
    "301, FAIL",
    "304, FAIL"
  })
  void classifiesStatuses(int status, HttpOutcome expected) {
    assertThat(HttpOutcome.of(status)).isEqualTo(expected);
  }
}
