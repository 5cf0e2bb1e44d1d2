package dev.trustmirror.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses {@code 72h}, {@code 30m}, {@code 45s}, {@code 7d}, {@code 1d12h} or ISO-8601 {@code
 * PT72H}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim();
    if (v.startsWith("P") || v.startsWith("p")) {
      try {
        return nonNegative(Duration.parse(v), value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("not a duration: '" + value + "'");
      }
    }
    Matcher m = SHORT.matcher(v);
    if (v.isEmpty() || !m.matches()) {
      throw new CommandLine.TypeConversionException(
          "not a duration: '" + value + "' (use e.g. 72h, 30m, 7d or PT72H)");
    }
    try {
      Duration d = Duration.ZERO;
      d = d.plusDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3));
      return nonNegative(d.plusSeconds(group(m, 4)), value);
    } catch (ArithmeticException e) {
      throw new CommandLine.TypeConversionException("duration too large: '" + value + "'");
    }
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }

  private static Duration nonNegative(Duration d, String value) {
    if (d.isNegative()) {
      throw new CommandLine.TypeConversionException("negative duration: '" + value + "'");
    }
    return d;
  }
}
