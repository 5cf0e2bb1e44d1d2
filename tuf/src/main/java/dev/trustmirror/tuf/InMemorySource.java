package dev.trustmirror.tuf;

import java.util.Map;
import java.util.Optional;

/** Files already in memory, e.g. a published generation read back before it is verified. */
final class InMemorySource implements RepositorySource {
  private final String name;
  private final Map<String, byte[]> files;

  InMemorySource(String name, Map<String, byte[]> files) {
    this.name = name;
    this.files = Map.copyOf(files);
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
