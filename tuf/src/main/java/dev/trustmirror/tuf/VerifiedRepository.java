package dev.trustmirror.tuf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A TUF repository that passed the full client workflow: the exact bytes of every file of the
 * published layout plus the verified roles. Only {@link TufUpdater} makes one, so holding a value
 * of this type is proof of verification.
 */
public final class VerifiedRepository {
  private final NavigableMap<String, byte[]> files;
  private final List<RoleInfo> roles;
  private final Map<String, String> targetFiles;
  private final Map<String, String> rolePaths;
  private final int rootVersion;
  private final Instant verifiedAt;
  private final String contentHash;

  VerifiedRepository(
      NavigableMap<String, byte[]> files,
      List<RoleInfo> roles,
      Map<String, String> rolePaths,
      Map<String, String> targetFiles,
      int rootVersion,
      Instant verifiedAt) {
    this.files = Collections.unmodifiableNavigableMap(new TreeMap<>(files));
    this.roles = List.copyOf(roles);
    this.targetFiles = Map.copyOf(targetFiles);
    this.rolePaths = Map.copyOf(rolePaths);
    this.rootVersion = rootVersion;
    this.verifiedAt = verifiedAt;
    this.contentHash = hashOf(this.files);
  }

  /** Every path of the published layout, sorted. */
  public SortedSet<String> paths() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(files.keySet()));
  }

  /** A copy of the exact bytes of one file of the published layout. */
  public byte[] bytes(String path) {
    byte[] b = files.get(path);
    if (b == null) {
      throw new NoSuchElementException("No file " + path + " in the verified repository");
    }
    return b.clone();
  }

  /** The exact bytes of one file, if the repository has it. */
  public Optional<byte[]> findBytes(String path) {
    return Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  /** The number of bytes of one file of the published layout. */
  public int length(String path) {
    byte[] b = files.get(path);
    if (b == null) {
      throw new NoSuchElementException("No file " + path + " in the verified repository");
    }
    return b.length;
  }

  /**
   * The bytes of a target by its TUF name ({@code trusted_root.json}, {@code
   * registry.npmjs.org/keys.json}), if a verified targets role lists it.
   */
  public Optional<byte[]> findTarget(String targetName) {
    return Optional.ofNullable(targetFiles.get(targetName)).map(files::get).map(byte[]::clone);
  }

  /** TUF names of all targets. */
  public SortedSet<String> targetNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(targetFiles.keySet()));
  }

  /** Verified roles: root, timestamp, snapshot, targets, then delegated roles by name. */
  public List<RoleInfo> roles() {
    return roles;
  }

  /** The role with that name; throws when absent. */
  public RoleInfo role(String name) {
    return roles.stream()
        .filter(r -> r.role().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No role " + name));
  }

  /**
   * The published path of a role's metadata: {@code timestamp.json}, {@code 165.snapshot.json},
   * {@code 14.targets.json}, {@code 8.registry.npmjs.org.json}, {@code 15.root.json}.
   */
  public String metadataPath(String role) {
    return switch (role) {
      case "root" -> rootVersion + ".root.json";
      case "timestamp" -> "timestamp.json";
      default -> {
        String p = rolePaths.get(role);
        if (p == null) {
          throw new NoSuchElementException("No role " + role);
        }
        yield p;
      }
    };
  }

  public int rootVersion() {
    return rootVersion;
  }

  public int timestampVersion() {
    return role("timestamp").version();
  }

  /** The exact bytes of the newest trusted root ({@code N.root.json} with N = rootVersion). */
  public byte[] trustedRootBytes() {
    return bytes(rootVersion + ".root.json");
  }

  /** The "now" of the update that verified this repository. */
  public Instant verifiedAt() {
    return verifiedAt;
  }

  /**
   * SHA-256 over the sorted (path, bytes) pairs: equal for two repositories with the same files.
   */
  public String contentHash() {
    return contentHash;
  }

  /** Total bytes of all files. */
  public long totalBytes() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }

  private static String hashOf(NavigableMap<String, byte[]> files) {
    try {
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        all.update(name);
        all.update((byte) 0);
        all.update(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
      }
      return HexFormat.of().formatHex(all.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
