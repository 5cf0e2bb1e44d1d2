package dev.trustmirror.testkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a published TUF layout into the tuf-on-ci git layout, by renaming only:
 *
 * <ul>
 *   <li>{@code N.root.json} → {@code metadata/root_history/N.root.json}, and the highest N also
 *       {@code metadata/root.json};
 *   <li>{@code V.<role>.json} → {@code metadata/<role>.json} for the highest V of each role;
 *   <li>{@code timestamp.json} → {@code metadata/timestamp.json};
 *   <li>{@code targets/<dirs>/<sha256 or sha512>.<name>} → {@code targets/<dirs>/<name>}.
 * </ul>
 */
final class GitLayoutDerivation {
  private static final Pattern ROOT = Pattern.compile("(\\d+)\\.root\\.json");
  private static final Pattern VERSIONED = Pattern.compile("(\\d+)\\.(.+)\\.json");
  private static final Pattern HASHED_TARGET =
      Pattern.compile("(?:[0-9a-f]{64}|[0-9a-f]{128})\\.(.+)");

  private GitLayoutDerivation() {}

  static void derive(Path published, Path out) throws IOException {
    if (!Files.isDirectory(published)) {
      throw new IOException("Tried to derive a git layout from " + published + ": not a directory");
    }
    Path metadata = out.resolve("metadata");
    Files.createDirectories(metadata.resolve("root_history"));
    Map<String, Long> newest = new HashMap<>();
    Map<String, Path> newestFile = new HashMap<>();
    try (Stream<Path> files = Files.list(published)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        Matcher root = ROOT.matcher(name);
        Matcher versioned = VERSIONED.matcher(name);
        if (root.matches()) {
          Files.copy(file, metadata.resolve("root_history").resolve(name));
        }
        if (name.equals("timestamp.json")) {
          Files.copy(file, metadata.resolve(name));
        } else if (versioned.matches()) {
          String role = versioned.group(2);
          long version = Long.parseLong(versioned.group(1));
          if (version > newest.getOrDefault(role, -1L)) {
            newest.put(role, version);
            newestFile.put(role, file);
          }
        }
      }
    }
    for (Map.Entry<String, Path> role : newestFile.entrySet()) {
      Files.copy(role.getValue(), metadata.resolve(role.getKey() + ".json"));
    }
    Path targets = published.resolve("targets");
    if (Files.isDirectory(targets)) {
      deriveTargets(targets, out.resolve("targets"));
    }
  }

  private static void deriveTargets(Path targets, Path out) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(targets)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      Matcher hashed = HASHED_TARGET.matcher(file.getFileName().toString());
      if (!hashed.matches()) {
        throw new IOException(
            "Tried to derive a git layout but " + file + " is not named <sha256|sha512>.<name>");
      }
      Path relativeDir = targets.relativize(file).getParent();
      Path dir = relativeDir == null ? out : out.resolve(relativeDir.toString());
      Path target = dir.resolve(hashed.group(1));
      Files.createDirectories(dir);
      if (Files.exists(target)) {
        // The sha256- and sha512-named copies of one target must be the same file.
        if (!Arrays.equals(Files.readAllBytes(target), Files.readAllBytes(file))) {
          throw new IOException(
              "Tried to derive a git layout but "
                  + file
                  + " and another hash-named file both become "
                  + target
                  + " with different contents");
        }
      } else {
        Files.copy(file, target);
      }
    }
  }
}
