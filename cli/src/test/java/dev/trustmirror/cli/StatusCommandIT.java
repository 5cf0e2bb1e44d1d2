package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status}: levels and exit codes follow the monitoring-plugin convention. */
class StatusCommandIT {
  @TempDir Path tmp;
  Path out;
  Instant tsExpires;

  @BeforeEach
  void syncHistory08() {
    HistoryPoint point = SigstoreTestData.historyPoint(8);
    out = tmp.resolve("out");
    tsExpires = point.timestampExpires();
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            point.directory().toString(),
            "--root",
            point.directory().resolve("1.root.json").toString(),
            "--out",
            out.toString(),
            "--time",
            point.validAt().toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();
  }

  private Cli statusAt(Instant t, String... extra) {
    String[] base = {"status", "--repo", out.toString(), "--time", t.toString(), "-o", "json"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  @Test
  void okWhenEveryRoleHasMoreThanTheWarningWindowLeft() {
    Cli s = statusAt(tsExpires.minus(Duration.ofDays(5)));
    assertThat(s.exitCode()).isZero();
    assertThat(s.json().get("level").asText()).isEqualTo("ok");
    assertThat(s.json().get("roles")).hasSize(5);
  }

  @Test
  void warningWithinSeventyTwoHoursOfTimestampExpiry() {
    Cli s = statusAt(tsExpires.minus(Duration.ofHours(48)));
    assertThat(s.exitCode()).isEqualTo(1);
    assertThat(s.json().get("level").asText()).isEqualTo("warning");
    assertThat(s.json().get("roles").get(1).get("secondsLeft").asLong()).isEqualTo(48 * 3600);
  }

  @Test
  void criticalWithinTwentyFourHours() {
    Cli s = statusAt(tsExpires.minus(Duration.ofHours(2)));
    assertThat(s.exitCode()).isEqualTo(2);
    assertThat(s.json().get("level").asText()).isEqualTo("critical");
  }

  @Test
  void expiredOnceTheTimestampExpired() {
    Cli s = statusAt(tsExpires.plusSeconds(1));
    assertThat(s.exitCode()).isEqualTo(2);
    assertThat(s.json().get("level").asText()).isEqualTo("expired");
  }

  @Test
  void thresholdsAreConfigurable() {
    Cli s = statusAt(tsExpires.minus(Duration.ofHours(48)), "--warn", "24h", "--critical", "1h");
    assertThat(s.exitCode()).isZero();
  }

  @Test
  void unknownWhenNothingWasPublished() {
    Cli s = Cli.run("status", "--repo", tmp.resolve("nothing").toString());
    assertThat(s.exitCode()).isEqualTo(3);
    assertThat(s.out()).startsWith("UNKNOWN");
  }

  @Test
  void unknownWhenThePublishedRepositoryWasTamperedWith() throws Exception {
    Path ts = out.resolve("current").toRealPath().resolve("timestamp.json");
    String json = Files.readString(ts).replace("\"version\": 762", "\"version\": 763");
    Files.writeString(ts, json);
    Cli s = statusAt(tsExpires.minus(Duration.ofDays(5)));
    assertThat(s.exitCode()).isEqualTo(3);
    assertThat(s.json().get("level").asText()).isEqualTo("unknown");
  }

  @Test
  void humanOutputListsEveryRole() {
    Cli s =
        Cli.run(
            "status",
            "--repo",
            out.toString(),
            "--time",
            tsExpires.minus(Duration.ofDays(5)).toString());
    assertThat(s.out()).contains("timestamp", "762", "registry.npmjs.org", "Overall: OK");
  }
}
