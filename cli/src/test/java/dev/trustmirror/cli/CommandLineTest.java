package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad usage gets a short error, a pointer to --help, and exit code 2. */
class CommandLineTest {

  @ParameterizedTest
  @ValueSource(strings = {"sync", "status", "serve", "bundle", "demo", "tuf-client", "trustroot"})
  void everyCommandHasHelp(String command) {
    Cli c = Cli.run(command, "--help");
    assertThat(c.exitCode()).isZero();
    assertThat(c.out()).contains("Usage:");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Cli c = Cli.run("sync", "--out", "/tmp/x");
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--source").contains("--help");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
  }

  @Test
  void malformedTimeIsAUsageError() {
    Cli c = Cli.run("status", "--repo", "/tmp/x", "--time", "yesterday");
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("ISO-8601");
  }

  @Test
  void malformedDurationIsAUsageError() {
    Cli c = Cli.run("status", "--repo", "/tmp/x", "--warn", "3 weeks");
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("not a duration");
  }

  @Test
  void onceAndIntervalExcludeEachOther() {
    Cli c = Cli.run("sync", "--source", "/x", "--out", "/y", "--once", "--interval", "1h");
    assertThat(c.exitCode()).isEqualTo(2);
  }

  @Test
  void keepMustBePositive() {
    Cli c = Cli.run("sync", "--source", "/x", "--out", "/y", "--keep", "0");
    assertThat(c.exitCode()).isEqualTo(2);
  }

  @Test
  void unsupportedSourceSchemeIsReportedNotCrashed() {
    Cli c =
        Cli.run(
            "sync", "--source", "ftp://example/x", "--out", "/tmp/never", "--root", "/dev/null");
    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.err()).contains("ftp://example/x");
  }

  @Test
  void parsesDurations() {
    assertThat(DurationConverter.parse("72h")).isEqualTo(Duration.ofHours(72));
    assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationConverter.parse("1d12h30m")).isEqualTo(Duration.ofMinutes(36 * 60 + 30));
    assertThat(DurationConverter.parse("PT72H")).isEqualTo(Duration.ofHours(72));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurationConverter.parse(""))
        .isInstanceOf(CommandLine.TypeConversionException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurationConverter.parse("-PT1H"))
        .isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
