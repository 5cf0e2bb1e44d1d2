package dev.trustmirror.sync.publish;

import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Publishes verified repositories to a directory as generations, so that a reader never sees a
 * half-written repository:
 *
 * <pre>
 * out/generations/&lt;timestamp-version&gt;-&lt;hash12&gt;/   the published layout, complete
 * out/current -&gt; generations/...                      switched by one atomic rename
 * out/state/trust.json                                 trust state (anti-rollback)
 * </pre>
 *
 * Order: write the generation to a temporary directory and fsync it, rename it into place, switch
 * {@code current}, then save the trust state. A crash at any point leaves {@code current} at a
 * complete generation.
 */
public final class GenerationPublisher {
  private final Path out;
  private final int keep;
  private final TrustStateStore store;

  /**
   * @param out the output directory
   * @param keep how many generations to keep (at least 1; the current one is never deleted)
   */
  public GenerationPublisher(Path out, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be at least 1, was " + keep);
    }
    this.out = out;
    this.keep = keep;
    this.store = new TrustStateStore(out.resolve("state"));
  }

  /** The trust state store under {@code out/state}. */
  public TrustStateStore stateStore() {
    return store;
  }

  /**
   * Takes the output directory's lock (one writer at a time, across processes) and removes what
   * interrupted publishes left behind. Close the returned lock when done.
   *
   * @throws IOException when another process holds the lock
   */
  public AutoCloseable lock() throws IOException {
    Files.createDirectories(out);
    FileChannel channel =
        FileChannel.open(out.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // Held by this very process (another thread or agent).
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "Another sync is writing to " + out + " (" + out.resolve(".lock") + " is locked)");
    }
    removeLeftovers();
    return channel::close;
  }

  private void removeLeftovers() throws IOException {
    Path generations = out.resolve("generations");
    if (Files.isDirectory(generations)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(generations, ".tmp-*")) {
        for (Path p : ds) {
          deleteTree(p);
        }
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, ".current-*")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The generation {@code current} points to, if any. */
  public Optional<Path> current() throws IOException {
    return PublishedDirectory.current(out);
  }

  /**
   * Publishes a verified repository and saves the trust state. When the current generation holds
   * exactly the same files, no new generation is written.
   */
  public PublishResult publish(VerifiedRepository repo, TrustState state) throws IOException {
    String name = generationName(repo);
    Optional<Path> current = current();
    if (current.isPresent() && current.get().getFileName().toString().equals(name)) {
      store.save(state);
      return new PublishResult(false, current.get());
    }
    Path generations = Files.createDirectories(out.resolve("generations"));
    Path target = generations.resolve(name);
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Path tmp = generations.resolve(".tmp-" + name + "-" + UUID.randomUUID());
      writeAll(repo, tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
    switchCurrent(name);
    store.save(state);
    prune(target);
    return new PublishResult(true, target);
  }

  /** {@code <timestamp version>-<first 12 hex of the content hash>}. */
  static String generationName(VerifiedRepository repo) {
    return repo.timestampVersion() + "-" + repo.contentHash().substring(0, 12);
  }

  private static void writeAll(VerifiedRepository repo, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String path : repo.paths()) {
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(dir)) {
        throw new IOException("Refused to write " + path + " outside " + dir);
      }
      Files.createDirectories(file.getParent());
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(repo.bytes(path)));
        ch.force(true);
      }
    }
  }

  private void switchCurrent(String name) throws IOException {
    Path link = out.resolve("current");
    Path tmp = out.resolve(".current-" + UUID.randomUUID());
    Files.createSymbolicLink(tmp, Path.of("generations", name));
    try {
      Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException(
          "Tried to switch " + link + " atomically but the file system cannot", e);
    }
  }

  /** Deletes leftovers of interrupted publishes and generations beyond the newest {@code keep}. */
  private void prune(Path current) throws IOException {
    Path generations = out.resolve("generations");
    List<Path> complete = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(generations)) {
      for (Path p : ds) {
        if (p.getFileName().toString().startsWith(".tmp-")) {
          deleteTree(p);
        } else if (!p.equals(current)) {
          complete.add(p);
        }
      }
    }
    complete.sort(Comparator.comparing(GenerationPublisher::modified).reversed());
    for (int i = keep - 1; i < complete.size(); i++) {
      deleteTree(complete.get(i));
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, ".current-*")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
