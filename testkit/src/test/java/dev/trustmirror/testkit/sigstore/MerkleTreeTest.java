package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Our RFC 6962 tree against sigstore-java's inclusion proof verifier, for every leaf of many sizes.
 */
class MerkleTreeTest {

  @Test
  void everyProofOfEveryLeafOfTreesUpTo17LeavesVerifies() {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 17; i++) {
      tree.append(("leaf " + i).getBytes(StandardCharsets.UTF_8));
    }
    for (long size = 1; size <= 17; size++) {
      for (long index = 0; index < size; index++) {
        byte[] leaf = MerkleTree.leafHash(("leaf " + index).getBytes(StandardCharsets.UTF_8));
        long i = index;
        long n = size;
        assertThatCode(
                () ->
                    InclusionProofVerifier.verify(
                        leaf, i, n, tree.inclusionPath(i, n), tree.root(n)))
            .as("leaf %d of %d", index, size)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void proofAgainstAnotherRootFails() {
    MerkleTree tree = new MerkleTree();
    tree.append(new byte[] {1});
    tree.append(new byte[] {2});
    tree.append(new byte[] {3});

    assertThatThrownBy(
            () ->
                InclusionProofVerifier.verify(
                    MerkleTree.leafHash(new byte[] {1}),
                    0,
                    3,
                    tree.inclusionPath(0, 3),
                    tree.root(2)))
        .isInstanceOf(InclusionProofVerificationException.class);
  }

  @Test
  void hashesAreRfc6962() {
    MerkleTree tree = new MerkleTree();

    assertThat(HexFormat.of().formatHex(tree.root(0)))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // RFC 6962 2.1: MTH({d0}) = SHA-256(0x00 || d0)
    assertThat(HexFormat.of().formatHex(MerkleTree.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    tree.append(new byte[0]);
    tree.append(new byte[] {0});
    assertThat(tree.root(2))
        .isEqualTo(
            MerkleTree.nodeHash(
                MerkleTree.leafHash(new byte[0]), MerkleTree.leafHash(new byte[] {0})));
  }

  @Test
  void refusesIndexesAndSizesOutsideTheTree() {
    MerkleTree tree = new MerkleTree();
    tree.append(new byte[] {1});

    assertThatThrownBy(() -> tree.inclusionPath(1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.inclusionPath(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.root(2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tree.inclusionPath(0, 1)).isEmpty();
  }
}
