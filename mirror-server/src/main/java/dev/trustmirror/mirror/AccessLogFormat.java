package dev.trustmirror.mirror;

/** How the server logs requests: not at all (default), one text line, or one JSON object a line. */
public enum AccessLogFormat {
  /** No access log. */
  OFF,
  /**
   * Common-log-like: {@code 127.0.0.1 - - [22/Nov/2026:19:45:09 +0000] "GET /timestamp.json
   * HTTP/1.1" 200 1043 0.412ms "cosign/2.4"}.
   */
  TEXT,
  /**
   * One JSON object a line: {@code time}, {@code remote}, {@code method}, {@code path}, {@code
   * protocol}, {@code status}, {@code bytes}, {@code durationMs}, {@code userAgent}.
   */
  JSON
}
