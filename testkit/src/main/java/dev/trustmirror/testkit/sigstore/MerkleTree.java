package dev.trustmirror.testkit.sigstore;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle tree with RFC 6962 (RFC 9162 2.1) hashing: leaf = SHA-256(0x00 || data),
 * node = SHA-256(0x01 || left || right), the split at the largest power of two below the size.
 * Computes roots and inclusion paths of any prefix of the tree, recursively (fixture sizes are
 * small).
 */
final class MerkleTree {

  private final List<byte[]> leafHashes = new ArrayList<>();

  /** Appends {@code data} and returns its index. */
  long append(byte[] data) {
    leafHashes.add(leafHash(data));
    return leafHashes.size() - 1L;
  }

  long size() {
    return leafHashes.size();
  }

  /** RFC 9162 2.1.1: the root hash of the first {@code size} leaves. */
  byte[] root(long size) {
    checkSize(size);
    return size == 0 ? Sha256.digest(new byte[0]) : hash(0, (int) size);
  }

  /**
   * RFC 9162 2.1.3.1: the audit path of leaf {@code index} in the tree of the first {@code size}.
   */
  List<byte[]> inclusionPath(long index, long size) {
    checkSize(size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "Tried to prove leaf " + index + " in a tree of " + size + " but it is not in it");
    }
    List<byte[]> path = new ArrayList<>();
    path(index, 0, (int) size, path);
    return List.copyOf(path);
  }

  static byte[] leafHash(byte[] data) {
    var input = new ByteArrayOutputStream();
    input.write(0);
    input.writeBytes(data);
    return Sha256.digest(input.toByteArray());
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    var input = new ByteArrayOutputStream();
    input.write(1);
    input.writeBytes(left);
    input.writeBytes(right);
    return Sha256.digest(input.toByteArray());
  }

  private void path(long index, int from, int to, List<byte[]> out) {
    if (to - from == 1) {
      return;
    }
    int split = from + largestPowerOfTwoBelow(to - from);
    if (index < split - from) {
      path(index, from, split, out);
      out.add(hash(split, to));
    } else {
      path(index - (split - from), split, to, out);
      out.add(hash(from, split));
    }
  }

  private byte[] hash(int from, int to) {
    if (to - from == 1) {
      return leafHashes.get(from);
    }
    int split = from + largestPowerOfTwoBelow(to - from);
    return nodeHash(hash(from, split), hash(split, to));
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private void checkSize(long size) {
    if (size < 0 || size > leafHashes.size()) {
      throw new IllegalArgumentException(
          "Tried to use a tree of size " + size + " but the log holds " + leafHashes.size());
    }
  }
}
