package dev.trustmirror.verifier.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A Rekor entry as a signature carries it: the canonicalized body, its index, log and integrated
 * time, with the log's signed entry timestamp (SET, "inclusion promise") and, in Sigstore bundles,
 * an inclusion proof with its checkpoint. Parsed, not verified.
 */
public final class TransparencyLogEntry {
  private final long logIndex;
  private final byte[] logId;
  private final long integratedTime;
  private final byte[] body;
  private final Optional<byte[]> signedEntryTimestamp;
  private final Optional<InclusionProof> inclusionProof;

  TransparencyLogEntry(
      long logIndex,
      byte[] logId,
      long integratedTime,
      byte[] body,
      Optional<byte[]> signedEntryTimestamp,
      Optional<InclusionProof> inclusionProof) {
    this.logIndex = logIndex;
    this.logId = logId.clone();
    this.integratedTime = integratedTime;
    this.body = body.clone();
    this.signedEntryTimestamp = signedEntryTimestamp.map(byte[]::clone);
    this.inclusionProof = inclusionProof;
  }

  /** The entry's index in its log. */
  public long logIndex() {
    return logIndex;
  }

  /** The log's ID: SHA-256 of its public key (DER). */
  public byte[] logId() {
    return logId.clone();
  }

  /** The log ID in lowercase hex, as Rekor writes it. */
  public String logIdHex() {
    return HexFormat.of().formatHex(logId);
  }

  /** Seconds since the epoch when the log integrated the entry (signed only by the SET). */
  public long integratedTime() {
    return integratedTime;
  }

  /** The canonicalized entry body (JSON). */
  public byte[] body() {
    return body.clone();
  }

  /** The SET, the log's signature over {@link #signableContent()}, when present. */
  public Optional<byte[]> signedEntryTimestamp() {
    return signedEntryTimestamp.map(byte[]::clone);
  }

  /** The inclusion proof, when present. */
  public Optional<InclusionProof> inclusionProof() {
    return inclusionProof;
  }

  /**
   * What the SET signs: the RFC 8785 canonical JSON of {@code {body, integratedTime, logID,
   * logIndex}}, body in standard base64 and log ID in lowercase hex (Rekor's {@code
   * VerifySignedEntryTimestamp}). Every value is base64, hex or a number, so no escaping is needed.
   */
  byte[] signableContent() {
    String json =
        "{\"body\":\""
            + Base64.getEncoder().encodeToString(body)
            + "\",\"integratedTime\":"
            + integratedTime
            + ",\"logID\":\""
            + logIdHex()
            + "\",\"logIndex\":"
            + logIndex
            + "}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A Merkle inclusion proof of the entry in a tree of {@code treeSize} leaves with root {@code
   * rootHash}, and the checkpoint (signed note) that commits the log to that root.
   */
  public static final class InclusionProof {
    private final long logIndex;
    private final byte[] rootHash;
    private final long treeSize;
    private final List<byte[]> hashes;
    private final Optional<String> checkpoint;

    InclusionProof(
        long logIndex,
        byte[] rootHash,
        long treeSize,
        List<byte[]> hashes,
        Optional<String> checkpoint) {
      this.logIndex = logIndex;
      this.rootHash = rootHash.clone();
      this.treeSize = treeSize;
      List<byte[]> copy = new ArrayList<>();
      hashes.forEach(h -> copy.add(h.clone()));
      this.hashes = copy;
      this.checkpoint = checkpoint;
    }

    /** The leaf index in the tree (may differ from the entry's global index in sharded logs). */
    public long logIndex() {
      return logIndex;
    }

    /** The tree root the proof leads to. */
    public byte[] rootHash() {
      return rootHash.clone();
    }

    /** The tree size the proof is for. */
    public long treeSize() {
      return treeSize;
    }

    /** The sibling hashes, leaf to root. */
    public List<byte[]> hashes() {
      List<byte[]> copy = new ArrayList<>();
      hashes.forEach(h -> copy.add(h.clone()));
      return copy;
    }

    /** The checkpoint envelope (a signed note), when present. */
    public Optional<String> checkpoint() {
      return checkpoint;
    }
  }
}
