package dev.trustmirror.verifier.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A transparency-log checkpoint in the signed-note format (C2SP): the text {@code origin\nsize\n
 * base64(root hash)\n[extension lines]\n}, a blank line, then signature lines {@code — name
 * base64(4-byte key hint || signature)}. Parsed; the caller checks the signature.
 *
 * @param text the signed text, up to and including the newline before the blank line
 * @param origin the log's origin line
 * @param size the tree size
 * @param rootHash the tree root
 * @param signatures the signature lines
 */
record SignedNote(String text, String origin, long size, byte[] rootHash, List<Line> signatures) {
  /** One signature line: {@code — name base64(keyHint || signature)}. */
  record Line(String name, byte[] keyHint, byte[] signature) {}

  private static final int MAX_SIGNATURES = 16;

  /** Parses a note; empty when it is not one. */
  static Optional<SignedNote> parse(String envelope) {
    int split = envelope.indexOf("\n\n");
    if (split < 0) {
      return Optional.empty();
    }
    String text = envelope.substring(0, split + 1);
    String[] lines = text.split("\n", -1);
    // lines: origin, size, hash, [extensions...], "" (after the final newline)
    if (lines.length < 4) {
      return Optional.empty();
    }
    long size;
    byte[] rootHash;
    try {
      if (!lines[1].matches("[0-9]{1,19}")) {
        return Optional.empty();
      }
      size = Long.parseLong(lines[1]);
      rootHash = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<Line> signatures = new ArrayList<>();
    for (String line : envelope.substring(split + 2).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("\u2014 ") || signatures.size() == MAX_SIGNATURES) {
        return Optional.empty();
      }
      int space = line.lastIndexOf(' ');
      if (space <= 2) {
        return Optional.empty();
      }
      try {
        byte[] decoded = Base64.getDecoder().decode(line.substring(space + 1));
        if (decoded.length <= 4) {
          return Optional.empty();
        }
        signatures.add(
            new Line(
                line.substring(2, space),
                Arrays.copyOfRange(decoded, 0, 4),
                Arrays.copyOfRange(decoded, 4, decoded.length)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    if (signatures.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SignedNote(text, lines[0], size, rootHash, signatures));
  }

  byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
