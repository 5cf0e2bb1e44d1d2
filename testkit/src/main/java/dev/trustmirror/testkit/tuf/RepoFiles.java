package dev.trustmirror.testkit.tuf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An immutable set of repository files: relative path ({@code /}-separated) to content. Either a
 * published consistent-snapshot layout or a git (tuf-on-ci) layout, honest or tampered.
 */
public final class RepoFiles {

  private final TreeMap<String, byte[]> files;

  private RepoFiles(TreeMap<String, byte[]> files) {
    this.files = files;
  }

  /** Copies {@code files} into a new set. */
  public static RepoFiles of(Map<String, byte[]> files) {
    TreeMap<String, byte[]> copy = new TreeMap<>();
    files.forEach((path, content) -> copy.put(path, content.clone()));
    return new RepoFiles(copy);
  }

  /** The relative paths, sorted. */
  public NavigableSet<String> paths() {
    return Collections.unmodifiableNavigableSet(files.navigableKeySet());
  }

  /** A copy of the content at {@code path}, if present. */
  public Optional<byte[]> find(String path) {
    return Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  /**
   * A copy of the content at {@code path}.
   *
   * @throws IllegalArgumentException if there is no such file
   */
  public byte[] get(String path) {
    return find(path)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Tried to read " + path + " but the repository has only " + files.keySet()));
  }

  /** A copy of all files, in path order. */
  public Map<String, byte[]> toMap() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    files.forEach((path, content) -> copy.put(path, content.clone()));
    return copy;
  }

  /** These files with {@code path} added or replaced. */
  public RepoFiles with(String path, byte[] content) {
    TreeMap<String, byte[]> copy = new TreeMap<>(files);
    copy.put(path, content.clone());
    return new RepoFiles(copy);
  }

  /** These files without {@code path}. */
  public RepoFiles without(String path) {
    TreeMap<String, byte[]> copy = new TreeMap<>(files);
    copy.remove(path);
    return new RepoFiles(copy);
  }

  /** These files with the content at {@code path} replaced by {@code edit} of it. */
  public RepoFiles map(String path, UnaryOperator<byte[]> edit) {
    return with(path, edit.apply(get(path)));
  }

  /**
   * Writes every file under {@code dir}, each to a temporary file moved into place atomically.
   * Existing files that are not in this set are left alone, as on a CDN that keeps old versions.
   *
   * <p>A path that the file system cannot hold or that would land outside {@code dir} (a NUL
   * character, {@code ..} climbing out: see the unsafe-target-name attacks) is not written: such a
   * path is the attack itself, and a client must refuse the metadata naming it before fetching.
   */
  public void writeTo(Path dir) throws IOException {
    Path base = dir.toAbsolutePath().normalize();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Optional<Path> target = safeTarget(base, file.getKey());
      if (target.isPresent()) {
        writeAtomically(target.get(), file.getValue());
      }
    }
  }

  /** Whether {@link #writeTo} writes {@code path}: no NUL, and it stays inside the directory. */
  public static boolean isWritable(String path) {
    return safeTarget(Path.of("/repo"), path).isPresent();
  }

  private static Optional<Path> safeTarget(Path base, String path) {
    if (path.indexOf('\0') >= 0 || path.isEmpty()) {
      return Optional.empty();
    }
    Path target = base.resolve(path).normalize();
    return target.startsWith(base) && !target.equals(base) ? Optional.of(target) : Optional.empty();
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
    try {
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public String toString() {
    return "RepoFiles" + files.keySet();
  }
}
