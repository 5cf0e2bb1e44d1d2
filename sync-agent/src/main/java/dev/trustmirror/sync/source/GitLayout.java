package dev.trustmirror.sync.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The renaming between the published layout and root-signing's tuf-on-ci git layout ({@code
 * metadata/root_history/N.root.json}, {@code metadata/<role>.json}, {@code targets/<name>}). Pure:
 * it maps names and checks bytes, the I/O is {@link GitSource}'s.
 */
final class GitLayout {
  private static final Pattern ROOT = Pattern.compile("(\\d{1,18})\\.root\\.json");
  private static final Pattern VERSIONED = Pattern.compile("(\\d{1,18})\\.([^/]+)\\.json");
  private static final Pattern HASHED = Pattern.compile("([0-9a-f]{64}|[0-9a-f]{128})\\.([^/]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private GitLayout() {}

  /** Where and how a published path is found in the git layout. */
  sealed interface Lookup {}

  /** The file at {@code gitPath}, as is. */
  record Direct(String gitPath) implements Lookup {}

  /**
   * {@code metadata/root_history/N.root.json}, else {@code metadata/root.json} if it is version N.
   */
  record Root(long version) implements Lookup {
    String historyPath() {
      return "metadata/root_history/" + version + ".root.json";
    }

    static final String CURRENT = "metadata/root.json";
  }

  /** {@code metadata/<role>.json}, only if its {@code signed.version} is {@code version}. */
  record VersionedRole(String gitPath, long version) implements Lookup {}

  /** {@code targets/<dirs>/<name>}, only if its sha256 or sha512 is {@code hexDigest}. */
  record HashedTarget(String gitPath, String hexDigest) implements Lookup {}

  /** A path that has no counterpart in the git layout. */
  record Absent() implements Lookup {}

  /** Maps a (checked) published path to its lookup in the git layout. */
  static Lookup lookupFor(String publishedPath) {
    if (publishedPath.startsWith("targets/")) {
      return targetLookup(publishedPath);
    }
    if (publishedPath.contains("/")) {
      return new Absent();
    }
    Matcher root = ROOT.matcher(publishedPath);
    if (root.matches()) {
      return new Root(Long.parseLong(root.group(1)));
    }
    Matcher versioned = VERSIONED.matcher(publishedPath);
    if (versioned.matches()) {
      return new VersionedRole(
          "metadata/" + versioned.group(2) + ".json", Long.parseLong(versioned.group(1)));
    }
    if (publishedPath.endsWith(".json")) {
      // timestamp.json, and snapshot.json / targets.json / <role>.json of repositories without
      // consistent snapshots.
      return new Direct("metadata/" + publishedPath);
    }
    return new Absent();
  }

  private static Lookup targetLookup(String publishedPath) {
    int slash = publishedPath.lastIndexOf('/');
    String dir = publishedPath.substring(0, slash + 1);
    Matcher hashed = HASHED.matcher(publishedPath.substring(slash + 1));
    if (hashed.matches()) {
      return new HashedTarget(dir + hashed.group(2), hashed.group(1));
    }
    return new Direct(publishedPath);
  }

  /** The {@code signed.version} of TUF metadata, empty when the bytes are not such metadata. */
  static OptionalLong signedVersion(byte[] json) {
    try {
      JsonNode version = JSON.readTree(json).path("signed").path("version");
      return version.canConvertToLong() && version.isIntegralNumber()
          ? OptionalLong.of(version.asLong())
          : OptionalLong.empty();
    } catch (IOException notJson) {
      return OptionalLong.empty();
    }
  }

  /** Whether {@code content}'s sha256 (64 hex digits) or sha512 (128) is {@code hexDigest}. */
  static boolean hasDigest(byte[] content, String hexDigest) {
    String algorithm =
        switch (hexDigest.length()) {
          case 64 -> "SHA-256";
          case 128 -> "SHA-512";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] digest = MessageDigest.getInstance(algorithm).digest(content);
      return MessageDigest.isEqual(
          HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII),
          hexDigest.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK always has " + algorithm, e);
    }
  }

  /** {@code bytes} if the lookup's condition holds for them. */
  static Optional<byte[]> ifVersion(byte[] bytes, long version) {
    OptionalLong actual = signedVersion(bytes);
    return actual.isPresent() && actual.getAsLong() == version
        ? Optional.of(bytes)
        : Optional.empty();
  }
}
