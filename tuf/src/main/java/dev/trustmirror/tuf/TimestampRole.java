package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;

/** A parsed timestamp: which snapshot version is current. */
final class TimestampRole {
  final SignedMetadata md;
  final int snapshotVersion;
  final FileInfo snapshotInfo;

  private TimestampRole(SignedMetadata md, int snapshotVersion, FileInfo snapshotInfo) {
    this.md = md;
    this.snapshotVersion = snapshotVersion;
    this.snapshotInfo = snapshotInfo;
  }

  static TimestampRole parse(String path, byte[] raw) throws MalformedMetadataException {
    SignedMetadata md = SignedMetadata.parse(path, raw, "timestamp");
    JsonNode meta = SignedMetadata.object(path, md.signed, "meta");
    JsonNode snap = meta.get("snapshot.json");
    if (snap == null || !snap.isObject() || meta.size() != 1) {
      throw new MalformedMetadataException(path, "meta must list exactly snapshot.json");
    }
    return new TimestampRole(
        md, SignedMetadata.positiveInt(path, snap, "version"), FileInfo.parse(path, snap, false));
  }
}
