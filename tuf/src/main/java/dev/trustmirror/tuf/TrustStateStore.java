package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Persists a {@link TrustState} as one JSON file ({@code <dir>/trust.json}) replaced atomically, so
 * a crash leaves either the old or the new state, never a mix. Metadata bytes are stored exactly
 * (base64).
 */
public final class TrustStateStore {
  private static final String FILE = "trust.json";
  private final Path dir;

  public TrustStateStore(Path stateDir) {
    this.dir = stateDir;
  }

  /** The directory of the state. */
  public Path directory() {
    return dir;
  }

  /** True when a state was saved here. */
  public boolean exists() {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /**
   * Loads the saved state.
   *
   * @return empty when no state was saved yet
   * @throws IOException when the state exists but cannot be read or parsed (never silently reset:
   *     losing the state would lose rollback protection)
   */
  public Optional<TrustState> load() throws IOException {
    byte[] raw;
    try {
      raw = Files.readAllBytes(dir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      JsonNode n = SignedMetadata.JSON.readTree(raw);
      Base64.Decoder b64 = Base64.getDecoder();
      TreeMap<Integer, byte[]> roots = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("roots").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        roots.put(Integer.parseInt(e.getKey()), b64.decode(e.getValue().textValue()));
      }
      List<RoleInfo> roles = new ArrayList<>();
      for (JsonNode r : n.get("roles")) {
        roles.add(
            new RoleInfo(
                r.get("role").textValue(),
                r.get("version").intValue(),
                Instant.parse(r.get("expires").textValue())));
      }
      return Optional.of(
          new TrustState(
              b64.decode(n.get("pinnedRoot").textValue()),
              roots,
              optional(n, "timestamp"),
              optional(n, "snapshot"),
              roles,
              Optional.ofNullable(n.get("lastVerified")).map(v -> Instant.parse(v.textValue()))));
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "Tried to read the trust state " + dir.resolve(FILE) + " but it is corrupt: " + e, e);
    }
  }

  /** Saves the state: written to a temporary file, then moved over the old one atomically. */
  public void save(TrustState state) throws IOException {
    TrustState.TrustStateData d = state.data();
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode n = SignedMetadata.JSON.createObjectNode();
    n.put("format", 1);
    n.put("rootVersion", state.rootVersion());
    ArrayNode roles = n.putArray("roles");
    for (RoleInfo r : d.roles()) {
      roles
          .addObject()
          .put("role", r.role())
          .put("version", r.version())
          .put("expires", r.expires().toString());
    }
    n.put("pinnedRoot", b64.encodeToString(d.pinnedRoot()));
    ObjectNode roots = n.putObject("roots");
    d.roots().forEach((v, b) -> roots.put(String.valueOf(v), b64.encodeToString(b)));
    d.timestamp().ifPresent(b -> n.put("timestamp", b64.encodeToString(b)));
    d.snapshot().ifPresent(b -> n.put("snapshot", b64.encodeToString(b)));
    d.lastVerified().ifPresent(t -> n.put("lastVerified", t.toString()));
    Files.createDirectories(dir);
    writeAtomically(
        dir.resolve(FILE),
        SignedMetadata.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /** Writes a file through a temporary sibling and an atomic rename. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (var ch =
          java.nio.channels.FileChannel.open(
              tmp,
              java.nio.file.StandardOpenOption.WRITE,
              java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Optional<byte[]> optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull()
        ? Optional.empty()
        : Optional.of(Base64.getDecoder().decode(v.textValue()));
  }
}
