package dev.trustmirror.mirror;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One line per answered request, in {@link AccessLogFormat#TEXT} or {@link AccessLogFormat#JSON},
 * handed to a sink (standard output in the CLI, a list in tests). Field values come from the
 * client, so the text format escapes quotes, backslashes and control characters, and the JSON
 * format is encoded by a JSON library.
 */
final class AccessLog {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final AccessLogFormat format;
  private final Consumer<String> sink;
  private final Clock clock;

  AccessLog(AccessLogFormat format, Consumer<String> sink, Clock clock) {
    this.format = format;
    this.sink = sink;
    this.clock = clock;
  }

  /** Whether anything is logged at all. */
  boolean enabled() {
    return format != AccessLogFormat.OFF;
  }

  /** Logs one request. */
  void log(Entry e) {
    if (enabled()) {
      sink.accept(format(format, e, clock.instant()));
    }
  }

  /**
   * What is logged about one request.
   *
   * @param remote the client address
   * @param method the request method
   * @param path the raw request path, as received
   * @param protocol {@code HTTP/1.1} or {@code HTTP/2}
   * @param status the status sent
   * @param bytes body bytes sent
   * @param nanos handling time
   * @param userAgent the {@code User-Agent} header, or empty
   */
  record Entry(
      String remote,
      String method,
      String path,
      String protocol,
      int status,
      long bytes,
      long nanos,
      String userAgent) {}

  static String format(AccessLogFormat format, Entry e, Instant now) {
    String ms = String.format(Locale.ROOT, "%.3f", e.nanos() / 1_000_000.0);
    if (format == AccessLogFormat.JSON) {
      return new JsonObject()
          .put("time", now.toString())
          .put("remote", e.remote())
          .put("method", e.method())
          .put("path", e.path())
          .put("protocol", e.protocol())
          .put("status", e.status())
          .put("bytes", e.bytes())
          .put("durationMs", Double.parseDouble(ms))
          .put("userAgent", e.userAgent())
          .encode();
    }
    return escape(e.remote())
        + " - - ["
        + CLF.format(now)
        + "] \""
        + escape(e.method())
        + " "
        + escape(e.path())
        + " "
        + e.protocol()
        + "\" "
        + e.status()
        + " "
        + e.bytes()
        + " "
        + ms
        + "ms \""
        + escape(e.userAgent())
        + "\"";
  }

  /** Backslash-escapes quotes and backslashes and hex-escapes control and non-ASCII characters. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else if (c > 0x7f) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
