package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  static final Instant NOW = Instant.parse("2026-11-22T19:45:09Z");
  static final AccessLog.Entry ENTRY =
      new AccessLog.Entry(
          "10.0.0.7", "GET", "/timestamp.json", "HTTP/2", 200, 1043, 412_345, "cosign/2.4 (linux)");

  @Test
  void textIsCommonLogLike() {
    assertThat(AccessLog.format(AccessLogFormat.TEXT, ENTRY, NOW))
        .isEqualTo(
            "10.0.0.7 - - [22/Nov/2026:19:45:09 +0000] \"GET /timestamp.json HTTP/2\" 200 1043"
                + " 0.412ms \"cosign/2.4 (linux)\"");
  }

  @Test
  void textEscapesWhatTheClientControls() {
    AccessLog.Entry evil =
        new AccessLog.Entry("::1", "GET", "/a\"b\\c", "HTTP/1.1", 400, 0, 1, "x\ny\u00e9");
    assertThat(AccessLog.format(AccessLogFormat.TEXT, evil, NOW))
        .contains("\"GET /a\\\"b\\\\c HTTP/1.1\"")
        .endsWith("\"x\\x0ay\\u00e9\"")
        .doesNotContain("\n");
  }

  @Test
  void jsonHasEveryField() {
    JsonObject j = new JsonObject(AccessLog.format(AccessLogFormat.JSON, ENTRY, NOW));
    assertThat(j.getString("time")).isEqualTo("2026-11-22T19:45:09Z");
    assertThat(j.getString("remote")).isEqualTo("10.0.0.7");
    assertThat(j.getString("method")).isEqualTo("GET");
    assertThat(j.getString("path")).isEqualTo("/timestamp.json");
    assertThat(j.getString("protocol")).isEqualTo("HTTP/2");
    assertThat(j.getInteger("status")).isEqualTo(200);
    assertThat(j.getLong("bytes")).isEqualTo(1043);
    assertThat(j.getDouble("durationMs")).isEqualTo(0.412);
    assertThat(j.getString("userAgent")).isEqualTo("cosign/2.4 (linux)");
  }
}
