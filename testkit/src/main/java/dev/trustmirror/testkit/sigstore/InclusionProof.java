package dev.trustmirror.testkit.sigstore;

import java.util.List;

/**
 * An RFC 6962 inclusion proof of one Rekor entry with the signed checkpoint it commits to, as a
 * Sigstore bundle's {@code inclusionProof} holds it.
 *
 * @param logIndex the entry's index in the tree
 * @param treeSize the size of the tree the proof is for
 * @param rootHash that tree's root hash
 * @param hashes the audit path, leaf upwards
 * @param checkpoint the signed note ({@code origin\nsize\nbase64 root\n\n— name base64sig\n})
 */
public record InclusionProof(
    long logIndex, long treeSize, byte[] rootHash, List<byte[]> hashes, String checkpoint) {

  /** Copies the path. */
  public InclusionProof {
    rootHash = rootHash.clone();
    hashes = hashes.stream().map(byte[]::clone).toList();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }
}
