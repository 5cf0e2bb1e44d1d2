package dev.trustmirror.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --time}: pins the clock of every check; the only place the system clock is read. */
final class TimeOption {
  @Option(
      names = "--time",
      paramLabel = "ISO-8601",
      description = "Pin the clock for every check (e.g. 2026-08-22T00:00:00Z). Default: now.",
      converter = TimeOption.InstantConverter.class)
  Instant time;

  Clock clock() {
    return time == null ? Clock.systemUTC() : Clock.fixed(time, ZoneOffset.UTC);
  }

  /**
   * The real clock, whatever {@code --time} pins: for what is judged by real time, not by the
   * verification's "now" (bearer tokens expiring, certificate files settling after a write).
   */
  static Clock wallClock() {
    return Clock.systemUTC();
  }

  /** Accepts an instant with {@code Z} or an offset. */
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "not an ISO-8601 time: '" + value + "' (e.g. 2026-08-22T00:00:00Z)");
      }
    }
  }
}
