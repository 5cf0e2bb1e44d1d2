package dev.trustmirror.sync.source;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A published layout in a local directory ({@code /srv/tuf}, {@code file:///srv/tuf}). Symbolic
 * links are followed only while they stay inside the directory.
 */
final class DirectorySource implements RepositorySource {
  private final Path directory;

  DirectorySource(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** Stateless reads: safe from several threads. */
  @Override
  public boolean concurrentFetch() {
    return true;
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    PublishedPaths.check(path);
    Path root = realDirectory();
    Path file = root.resolve(path);
    try {
      Path real;
      try {
        real = file.toRealPath();
      } catch (NoSuchFileException missing) {
        return Optional.empty();
      }
      if (!real.startsWith(root)) {
        throw new SourceUnavailableException(
            file.toString(), "it resolves to " + real + ", outside the source directory " + root);
      }
      if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      // Refuse early on the size, then read at most one byte more in case the file grows.
      if (Files.size(real) > maxLength) {
        throw new FileTooLargeException(path, maxLength);
      }
      return Optional.of(readAtMost(real, path, maxLength));
    } catch (NoSuchFileException vanished) {
      return Optional.empty();
    } catch (SourceUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceUnavailableException(file.toString(), e.toString(), e);
    }
  }

  @Override
  public void prepare() throws SourceUnavailableException {
    realDirectory();
  }

  @Override
  public String describe() {
    return "directory " + directory;
  }

  @Override
  public String toString() {
    return describe();
  }

  private Path realDirectory() throws SourceUnavailableException {
    try {
      Path real = directory.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new SourceUnavailableException(directory.toString(), "it is not a directory");
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new SourceUnavailableException(directory.toString(), "it does not exist", e);
    } catch (SourceUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceUnavailableException(directory.toString(), e.toString(), e);
    }
  }

  private static byte[] readAtMost(Path file, String path, long maxLength)
      throws IOException, FileTooLargeException {
    int cap = (int) Math.min(maxLength, Integer.MAX_VALUE - 16L);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(cap + 1);
    }
    if (bytes.length > maxLength) {
      throw new FileTooLargeException(path, maxLength);
    }
    return bytes;
  }
}
