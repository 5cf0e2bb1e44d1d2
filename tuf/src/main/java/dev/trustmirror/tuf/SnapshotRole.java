package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A parsed snapshot: the version (and optionally length and hashes) of every targets role. */
final class SnapshotRole {
  /** A role listed in snapshot's meta. */
  record Entry(int version, FileInfo info) {}

  final SignedMetadata md;
  final Map<String, Entry> meta;

  private SnapshotRole(SignedMetadata md, Map<String, Entry> meta) {
    this.md = md;
    this.meta = meta;
  }

  static SnapshotRole parse(String path, byte[] raw) throws MalformedMetadataException {
    SignedMetadata md = SignedMetadata.parse(path, raw, "snapshot");
    JsonNode meta = SignedMetadata.object(path, md.signed, "meta");
    Map<String, Entry> entries = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isObject()) {
        throw new MalformedMetadataException(
            path, "meta entry " + e.getKey() + " is not an object");
      }
      entries.put(
          e.getKey(),
          new Entry(
              SignedMetadata.positiveInt(path, e.getValue(), "version"),
              FileInfo.parse(path, e.getValue(), false)));
    }
    if (!entries.containsKey("targets.json")) {
      throw new MalformedMetadataException(path, "meta does not list targets.json");
    }
    return new SnapshotRole(md, Map.copyOf(entries));
  }

  /** The entry for a targets role ({@code targets}, or a delegated role name). */
  Optional<Entry> find(String role) {
    return Optional.ofNullable(meta.get(role + ".json"));
  }
}
