package dev.trustmirror.mirror;

import dev.trustmirror.tuf.PublishedRepository;
import dev.trustmirror.tuf.VerifiedRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One verified generation as the server holds it: immutable, swapped as a whole. A request reads
 * the server's reference to it once, so every response comes whole from one generation.
 *
 * <p>It also keeps the versioned files (never {@code timestamp.json}) of the few generations it
 * replaced, as the Sigstore CDN keeps old versions: a client that read {@code timestamp.json} just
 * before a switch still finds the {@code V.snapshot.json} it names just after it, which is what
 * consistent snapshots are for (TUF 1.0 section 7). The current generation always wins: an older
 * file is served only under a name the current generation does not have, and every one was verified
 * when its own generation was loaded.
 */
final class ServedRepository {
  private final Path generation;
  private final VerifiedRepository repository;
  private final Instant loadedAt;
  private final Map<String, ServedFile> files;
  private final List<Map<String, ServedFile>> retained;

  private ServedRepository(
      Path generation,
      VerifiedRepository repository,
      Instant loadedAt,
      Map<String, ServedFile> files,
      List<Map<String, ServedFile>> retained) {
    this.generation = generation;
    this.repository = repository;
    this.loadedAt = loadedAt;
    this.files = files;
    this.retained = retained;
  }

  /**
   * Builds the responses for a verified generation.
   *
   * @param published the verified generation
   * @param previous the generation served until now, whose versioned files are retained and whose
   *     pre-built responses are reused for unchanged files
   * @param retain how many replaced generations to keep versioned files of (0 for none)
   * @param loadedAt when the server loaded it
   */
  static ServedRepository of(
      PublishedRepository published,
      Optional<ServedRepository> previous,
      int retain,
      Instant loadedAt) {
    VerifiedRepository repo = published.repository();
    Map<String, ServedFile> files = new HashMap<>();
    for (String path : repo.paths()) {
      byte[] bytes = repo.bytes(path);
      String sha256 = ServedFile.sha256Hex(bytes);
      Optional<ServedFile> same =
          previous
              .flatMap(p -> Optional.ofNullable(p.files.get(path)))
              .filter(f -> f.hasSha256(sha256));
      files.put(path, same.orElseGet(() -> ServedFile.of(path, bytes, sha256)));
    }
    List<Map<String, ServedFile>> retained = new ArrayList<>();
    if (previous.isPresent() && retain > 0) {
      ServedRepository p = previous.get();
      if (!p.generation.equals(published.generation())) {
        retained.add(versionedOnly(p.files, files));
      }
      for (Map<String, ServedFile> older : p.retained) {
        if (retained.size() >= retain) {
          break;
        }
        retained.add(versionedOnly(older, files));
      }
      retained.removeIf(Map::isEmpty);
    }
    return new ServedRepository(
        published.generation(), repo, loadedAt, Map.copyOf(files), List.copyOf(retained));
  }

  private static Map<String, ServedFile> versionedOnly(
      Map<String, ServedFile> old, Map<String, ServedFile> current) {
    Map<String, ServedFile> kept = new HashMap<>();
    old.forEach(
        (path, file) -> {
          if (file.pathClass().immutable() && !current.containsKey(path)) {
            kept.put(path, file);
          }
        });
    return Map.copyOf(kept);
  }

  /**
   * The file served under {@code path}: from this generation, else a versioned file of a recently
   * replaced one.
   */
  Optional<ServedFile> find(String path) {
    ServedFile f = files.get(path);
    if (f != null) {
      return Optional.of(f);
    }
    for (Map<String, ServedFile> older : retained) {
      f = older.get(path);
      if (f != null) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The generation directory, e.g. {@code out/generations/762-3f2a9c0d1e4b}. */
  Path generation() {
    return generation;
  }

  /** The generation's name, e.g. {@code 762-3f2a9c0d1e4b}. */
  String generationName() {
    return generation.getFileName().toString();
  }

  /** The verified repository: roles, versions, expiries, exact bytes. */
  VerifiedRepository repository() {
    return repository;
  }

  /** When the server loaded this generation (by the server's clock). */
  Instant loadedAt() {
    return loadedAt;
  }

  /** How many files this generation has (retained older files not counted). */
  int fileCount() {
    return files.size();
  }

  /** How many replaced generations still have versioned files served. */
  int retainedGenerations() {
    return retained.size();
  }
}
