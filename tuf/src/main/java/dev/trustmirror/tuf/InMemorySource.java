package dev.trustmirror.tuf;

import java.util.Map;
import java.util.Optional;

/**
 * Files already in memory, addressed by their path in the published layout: a published generation
 * read back before it is verified, or the {@code repository/} files of an offline bundle. Like
 * every source it makes no trust decision; {@link TufUpdater} verifies what it returns.
 */
public final class InMemorySource implements RepositorySource {
  private final String name;
  private final Map<String, byte[]> files;

  InMemorySource(String name, Map<String, byte[]> files) {
    this.name = name;
    this.files = Map.copyOf(files);
  }

  /**
   * A source over {@code files}.
   *
   * @param name how the source is named in messages ({@code bundle /media/usb/sigstore.tar.gz})
   * @param files the exact bytes of each file by its path in the published layout; copied (the map,
   *     not the arrays, which callers must not modify afterwards)
   */
  public static InMemorySource of(String name, Map<String, byte[]> files) {
    return new InMemorySource(name, files);
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength) throws FileTooLargeException {
    byte[] b = files.get(path);
    if (b != null && b.length > maxLength) {
      throw new FileTooLargeException(path, maxLength);
    }
    return Optional.ofNullable(b);
  }

  @Override
  public String describe() {
    return name;
  }
}
