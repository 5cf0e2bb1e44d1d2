package dev.trustmirror.mirror;

import dev.trustmirror.tuf.PublishedRepository;
import dev.trustmirror.tuf.VerifiedRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One verified repository (a generation of a published directory, or a state of a {@code
 * TrustRoot}) as the server holds it: immutable, swapped as a whole. A request reads the server's
 * reference to it once, so every response comes whole from one generation.
 *
 * <p>It also keeps the versioned files (never {@code timestamp.json}) of the few generations it
 * replaced, as the Sigstore CDN keeps old versions: a client that read {@code timestamp.json} just
 * before a switch still finds the {@code V.snapshot.json} it names just after it, which is what
 * consistent snapshots are for (TUF 1.0 section 7). The current generation always wins: an older
 * file is served only under a name the current generation does not have, and every one was verified
 * when its own generation was loaded.
 */
final class ServedRepository {
  private final String name;
  private final VerifiedRepository repository;
  private final Instant loadedAt;
  private final Map<String, ServedFile> files;
  private final List<Map<String, ServedFile>> retained;

  private ServedRepository(
      String name,
      VerifiedRepository repository,
      Instant loadedAt,
      Map<String, ServedFile> files,
      List<Map<String, ServedFile>> retained) {
    this.name = name;
    this.repository = repository;
    this.loadedAt = loadedAt;
    this.files = files;
    this.retained = retained;
  }

  /**
   * Builds the responses for a verified generation of a published directory, named after its
   * directory.
   *
   * @see #of(VerifiedRepository, String, Optional, int, Instant)
   */
  static ServedRepository of(
      PublishedRepository published,
      Optional<ServedRepository> previous,
      int retain,
      Instant loadedAt) {
    return of(
        published.repository(),
        published.generation().getFileName().toString(),
        previous,
        retain,
        loadedAt);
  }

  /**
   * Builds the responses for a verified repository.
   *
   * @param repo the verified repository
   * @param name its name, e.g. {@code 762-3f2a9c0d1e4b} or {@code trustroot/sigstore@812}
   * @param previous the repository served until now, whose versioned files are retained (unless it
   *     has the same files) and whose pre-built responses are reused for unchanged files
   * @param retain how many replaced repositories to keep versioned files of (0 for none)
   * @param loadedAt when the server loaded it
   */
  static ServedRepository of(
      VerifiedRepository repo,
      String name,
      Optional<ServedRepository> previous,
      int retain,
      Instant loadedAt) {
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
      // The same files again (a newer trust state, the same generation): nothing was replaced.
      if (!p.repository.contentHash().equals(repo.contentHash())) {
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
    return new ServedRepository(name, repo, loadedAt, Map.copyOf(files), List.copyOf(retained));
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

  /** The name, e.g. {@code 762-3f2a9c0d1e4b} or {@code trustroot/sigstore@812}. */
  String generationName() {
    return name;
  }

  /** Whether {@code other} serves exactly the same files (the same content hash). */
  boolean sameFilesAs(ServedRepository other) {
    return repository.contentHash().equals(other.repository.contentHash());
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
