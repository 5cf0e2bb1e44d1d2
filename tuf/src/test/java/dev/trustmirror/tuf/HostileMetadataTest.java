package dev.trustmirror.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and hostile metadata is refused as malformed, never crashes the parser. */
class HostileMetadataTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String VALID_TS =
      "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\","
          + "\"meta\":{\"snapshot.json\":{\"version\":1}},\"spec_version\":\"1.0\",\"version\":1}}";

  @Test
  void acceptsWellFormedTimestamp() throws Exception {
    assertThat(TimestampRole.parse("timestamp.json", utf8(VALID_TS)).snapshotVersion).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "null",
        "{\"signed\":{}}",
        "{\"signatures\":{},\"signed\":{}}",
        "{\"signatures\":[],\"signed\":[]}",
        // trailing garbage after the object
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\"}} {}",
        // duplicate keys: which one would be signed?
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"_type\":\"root\"}}",
        // wrong role type (role confusion)
        "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1}}",
        // float version, negative version, version too large
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1.5,\"meta\":{}}}",
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":-1,\"meta\":{}}}",
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":99999999999999999999999,\"meta\":{}}}",
        // a float anywhere makes canonical JSON impossible
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1,\"x\":0.5,\"meta\":{\"snapshot.json\":{\"version\":1}}}}",
        // bad expiry
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"next week\",\"version\":1,\"meta\":{}}}",
        // meta must list exactly snapshot.json
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1,\"meta\":{}}}",
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1,\"meta\":{\"snapshot.json\":{\"version\":1,\"length\":-5}}}}",
        "{\"signatures\":[],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1,\"meta\":{\"snapshot.json\":{\"version\":1,\"hashes\":{\"md5\":\"00\"}}}}}",
        // a signature entry that is not an object
        "{\"signatures\":[\"x\"],\"signed\":{\"_type\":\"timestamp\",\"expires\":\"2030-01-01T00:00:00Z\",\"version\":1,\"meta\":{\"snapshot.json\":{\"version\":1}}}}"
      })
  void refusesMalformedTimestamp(String json) {
    assertThatThrownBy(() -> TimestampRole.parse("timestamp.json", utf8(json)))
        .isInstanceOf(MalformedMetadataException.class);
  }

  @Test
  void refusesDeeplyNestedJsonWithoutStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> TimestampRole.parse("timestamp.json", utf8(deep)))
        .isInstanceOf(MalformedMetadataException.class);
  }

  @Test
  void refusesRootWithoutAllTopLevelRoles() {
    String root =
        "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"expires\":\"2030-01-01T00:00:00Z\","
            + "\"version\":1,\"keys\":{},\"roles\":{\"root\":{\"keyids\":[],\"threshold\":1}}}}";
    assertThatThrownBy(() -> RootRole.parse("1.root.json", utf8(root)))
        .isInstanceOf(MalformedMetadataException.class);
  }

  @Test
  void refusesZeroThreshold() {
    String root =
        "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"expires\":\"2030-01-01T00:00:00Z\","
            + "\"version\":1,\"keys\":{},\"roles\":{"
            + "\"root\":{\"keyids\":[],\"threshold\":0},\"timestamp\":{\"keyids\":[],\"threshold\":1},"
            + "\"snapshot\":{\"keyids\":[],\"threshold\":1},\"targets\":{\"keyids\":[],\"threshold\":1}}}}";
    assertThatThrownBy(() -> RootRole.parse("1.root.json", utf8(root)))
        .isInstanceOf(MalformedMetadataException.class);
  }

  @Test
  void pinningAnUnsignedRootIsRefused() {
    String root =
        "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"expires\":\"2030-01-01T00:00:00Z\","
            + "\"version\":1,\"keys\":{},\"roles\":{"
            + "\"root\":{\"keyids\":[],\"threshold\":1},\"timestamp\":{\"keyids\":[],\"threshold\":1},"
            + "\"snapshot\":{\"keyids\":[],\"threshold\":1},\"targets\":{\"keyids\":[],\"threshold\":1}}}}";
    assertThatThrownBy(() -> TrustState.pin(utf8(root)))
        .isInstanceOfSatisfying(
            ThresholdNotMetException.class, e -> assertThat(e.validSignatures()).isZero());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "", "ok/../x", "/abs", "a//b", "a\\b"})
  void refusesUnsafeDelegatedRoleNamesAndTargetPaths(String name) {
    assertThatThrownBy(() -> TargetPath.parse(name)).isInstanceOf(InvalidTargetPathException.class);
  }
}
