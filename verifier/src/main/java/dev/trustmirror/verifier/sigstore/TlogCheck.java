package dev.trustmirror.verifier.sigstore;

import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Verifies one transparency-log entry offline: the log is in the trusted root and its key was valid
 * at the entry's time; the SET (inclusion promise) verifies with that key; an inclusion proof leads
 * to its root and a checkpoint signed by the log commits to that root; and the entry is about this
 * signature ({@link TlogEntryMatch}). sigstore-java's {@code RekorVerifier} demands an inclusion
 * proof and ignores the log's validity period, so this is written here; the Merkle proof check
 * itself is sigstore-java's {@link InclusionProofVerifier}.
 */
final class TlogCheck {
  /** What the entry must carry to count. */
  enum ProofRule {
    /** A SET (cosign's bundle annotation, bundle v0.1). */
    SET_REQUIRED,
    /** An inclusion proof with a checkpoint (bundles v0.2 and v0.3). */
    PROOF_REQUIRED
  }

  private TlogCheck() {}

  /**
   * Verifies {@code entry}.
   *
   * @return the integrated time when a SET verified it (the only case where that time is signed)
   */
  static Optional<Instant> verify(
      TransparencyLogEntry entry,
      ProofRule rule,
      TrustMaterial trust,
      TlogEntryMatch.Expected expected,
      SignerMaterial signer)
      throws Refusal {
    TrustMaterial.Log log =
        trust
            .tlog(entry.logId())
            .orElseThrow(
                () ->
                    new Refusal(
                        RefusalCode.TLOG_UNKNOWN,
                        "the transparency-log entry is from log "
                            + entry.logIdHex()
                            + ", which the trusted root does not list"));
    Instant integrated = Instant.ofEpochSecond(entry.integratedTime());
    boolean hasSet = entry.signedEntryTimestamp().isPresent();
    boolean hasProof = entry.inclusionProof().isPresent();
    // only a SET signs the integrated time; without one (Rekor v2) the time means nothing
    if (hasSet && !log.validAt(integrated)) {
      throw new Refusal(
          RefusalCode.TLOG_UNKNOWN,
          "the key of log " + log.url() + " was not valid at the entry's time " + integrated);
    }
    PublicKey key =
        log.key()
            .orElseThrow(
                () ->
                    new Refusal(
                        RefusalCode.TLOG_UNKNOWN,
                        "the key of log "
                            + log.url()
                            + " in the trusted root is of an unsupported type"));
    if (rule == ProofRule.SET_REQUIRED && !hasSet) {
      throw new Refusal(
          RefusalCode.TLOG_PROOF_MISSING,
          "the transparency-log entry has no SET (inclusion promise)");
    }
    if (rule == ProofRule.PROOF_REQUIRED && !hasProof) {
      throw new Refusal(
          RefusalCode.TLOG_PROOF_MISSING,
          "the transparency-log entry has no inclusion proof, which this bundle version requires");
    }
    if (hasSet
        && !Signatures.verify(key, entry.signableContent(), entry.signedEntryTimestamp().get())) {
      throw new Refusal(
          RefusalCode.SET_INVALID,
          "the SET of entry " + entry.logIndex() + " does not verify with the key of " + log.url());
    }
    if (hasProof) {
      verifyProof(entry, entry.inclusionProof().get(), key, log, rule);
    }
    TlogEntryMatch.check(entry.body(), expected, signer);
    return hasSet ? Optional.of(integrated) : Optional.empty();
  }

  private static void verifyProof(
      TransparencyLogEntry entry,
      TransparencyLogEntry.InclusionProof proof,
      PublicKey key,
      TrustMaterial.Log log,
      ProofRule rule)
      throws Refusal {
    // RFC 6962 leaf hash: SHA-256(0x00 || body)
    byte[] leaf = Hashes.sha256(new byte[] {0}, entry.body());
    try {
      InclusionProofVerifier.verify(
          leaf, proof.logIndex(), proof.treeSize(), proof.hashes(), proof.rootHash());
    } catch (InclusionProofVerificationException | RuntimeException e) {
      throw new Refusal(
          RefusalCode.INCLUSION_PROOF_INVALID,
          "the inclusion proof of entry "
              + entry.logIndex()
              + " does not lead to its root hash: "
              + e.getMessage());
    }
    if (proof.checkpoint().isEmpty()) {
      if (rule == ProofRule.PROOF_REQUIRED) {
        throw new Refusal(RefusalCode.CHECKPOINT_INVALID, "the inclusion proof has no checkpoint");
      }
      return;
    }
    SignedNote note =
        SignedNote.parse(proof.checkpoint().get())
            .orElseThrow(
                () ->
                    new Refusal(
                        RefusalCode.CHECKPOINT_INVALID,
                        "the checkpoint is not a signed note (origin, size, root hash, signature)"));
    if (note.size() != proof.treeSize() || !Arrays.equals(note.rootHash(), proof.rootHash())) {
      throw new Refusal(
          RefusalCode.CHECKPOINT_INVALID,
          "the checkpoint is for a tree of "
              + note.size()
              + " entries with another root than the inclusion proof's");
    }
    byte[] text = note.textBytes();
    String name = host(log.url());
    for (SignedNote.Line line : note.signatures()) {
      // the line must name this log and carry its key hint, then verify with its key
      if (line.name().equals(name)
          && (Arrays.equals(line.keyHint(), Arrays.copyOf(log.id(), 4))
              || Arrays.equals(line.keyHint(), c2spKeyHint(name, key)))
          && Signatures.verify(key, text, line.signature())) {
        return;
      }
    }
    throw new Refusal(
        RefusalCode.CHECKPOINT_INVALID,
        "no signature line of the checkpoint is by "
            + name
            + " with the key hint and key of "
            + log.url());
  }

  /** The host of a log's base URL: the name its checkpoint signatures carry. */
  private static String host(String url) {
    try {
      String host = java.net.URI.create(url).getHost();
      return host == null ? url : host;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  /** C2SP signed-note key hint of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[:4]. */
  private static byte[] c2spKeyHint(String name, PublicKey key) {
    byte[] spki = key.getEncoded();
    if (!key.getAlgorithm().equals("EdDSA") && !key.getAlgorithm().equals("Ed25519")) {
      return new byte[0];
    }
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    return Arrays.copyOf(
        Hashes.sha256(
            name.getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {0x0A, 0x01}, raw),
        4);
  }
}
