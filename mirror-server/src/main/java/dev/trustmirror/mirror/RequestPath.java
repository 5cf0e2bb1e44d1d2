package dev.trustmirror.mirror;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the raw path of a request line into the repository path it names, or refuses it. The server
 * looks the result up in an in-memory map by exact match, so a refused path can never reach a file;
 * refusing early only keeps tricks out of the logs and metrics and answers them with 400.
 *
 * <p>Refused: a path that does not start with {@code /}; percent-encodings that are malformed or
 * decode to {@code /}, {@code \}, NUL or another control character; raw control characters or
 * backslashes; bytes that are not UTF-8; {@code .} or {@code ..} segments (raw or encoded); empty
 * segments ({@code //}) other than a trailing slash. A trailing slash is kept, and so is not found.
 */
final class RequestPath {
  /** Longer paths are answered 414; real ones are below 200 characters. */
  static final int MAX_LENGTH = 1024;

  private RequestPath() {}

  /**
   * The decoded repository path without its leading slash ({@code ""} for {@code /}), or empty when
   * the path is refused.
   */
  static Optional<String> decode(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/' || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      int b;
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        b = hi << 4 | lo;
        // An encoded separator would let "a%2f..%2fb" pass the segment checks below.
        if (b == '/') {
          return Optional.empty();
        }
        i += 2;
      } else if (c > 0x7e) {
        // A raw non-ASCII character is not valid in a request target (RFC 9112 3.2).
        return Optional.empty();
      } else {
        b = c;
      }
      if (b < 0x20 || b == 0x7f || b == '\\') {
        return Optional.empty();
      }
      bytes.write(b);
    }
    Optional<String> path = utf8(bytes.toByteArray());
    return path.filter(RequestPath::segmentsAreSafe);
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean segmentsAreSafe(String path) {
    if (path.isEmpty()) {
      return true;
    }
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean trailing = i == segments.length - 1;
      if ((s.isEmpty() && !trailing) || s.equals(".") || s.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
