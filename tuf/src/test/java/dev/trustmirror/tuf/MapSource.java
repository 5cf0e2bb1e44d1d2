package dev.trustmirror.tuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** An in-memory source for pure tests of the workflow; records every path it was asked for. */
final class MapSource implements RepositorySource {
  final Map<String, byte[]> files;
  final List<String> requests = new ArrayList<>();

  MapSource(Map<String, byte[]> files) {
    this.files = new TreeMap<>(files);
  }

  static MapSource of(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MapSource(files);
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength) throws FileTooLargeException {
    requests.add(path);
    byte[] b = files.get(path);
    if (b != null && b.length > maxLength) {
      throw new FileTooLargeException(path, maxLength);
    }
    return Optional.ofNullable(b);
  }

  @Override
  public String describe() {
    return "memory";
  }
}
