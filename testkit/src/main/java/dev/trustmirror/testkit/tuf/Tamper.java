package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Edits of metadata files and targets, for building faulty repositories by hand. Byte-level methods
 * return new bytes; the {@link Path} methods rewrite a file of a written layout in place (temporary
 * file and atomic move). An edit of {@code signed} receives a deep copy, and may change it and
 * return it or return another node.
 *
 * <pre>{@code
 * repo.writePublished(dir);
 * Tamper.replaceSigned(dir, "timestamp.json", s -> s.put("version", 1), repo.keys().forRole(TIMESTAMP));
 * }</pre>
 */
public final class Tamper {

  private Tamper() {}

  /** Edits {@code signed} and re-signs it with exactly {@code signers} (none: no signatures). */
  public static byte[] editSigned(
      byte[] file, UnaryOperator<ObjectNode> edit, List<TestKey> signers) {
    JsonNode signed = edit.apply(signedOf(file).deepCopy());
    return MetadataJson.sign(signed, signers);
  }

  /** Edits {@code signed} and keeps the old signatures, which then no longer verify. */
  public static byte[] editSignedKeepingSignatures(byte[] file, UnaryOperator<ObjectNode> edit) {
    ObjectNode envelope = MetadataJson.parseEnvelope(file);
    JsonNode signed = edit.apply(signedOf(file).deepCopy());
    return MetadataJson.envelope((ArrayNode) envelope.get("signatures"), signed);
  }

  /** Replaces all signatures by signatures of {@code signers} over the unchanged {@code signed}. */
  public static byte[] resign(byte[] file, List<TestKey> signers) {
    return editSigned(file, signed -> signed, signers);
  }

  /** Appends a signature entry {@code {"keyid": keyId, "sig": sigHex}} as given, unchecked. */
  public static byte[] addSignatureEntry(byte[] file, String keyId, String sigHex) {
    ObjectNode envelope = MetadataJson.parseEnvelope(file);
    ArrayNode signatures = (ArrayNode) envelope.get("signatures");
    signatures.addObject().put("keyid", keyId).put("sig", sigHex);
    return MetadataJson.envelope(signatures, envelope.get("signed"));
  }

  /** Removes the {@code signed} member, leaving only the signatures. */
  public static byte[] removeSigned(byte[] file) {
    ObjectNode envelope = MetadataJson.parseEnvelope(file);
    envelope.remove("signed");
    return MetadataJson.pretty(envelope);
  }

  /** The first {@code length} bytes of {@code file}. */
  public static byte[] truncate(byte[] file, int length) {
    return Arrays.copyOf(file, Math.min(length, file.length));
  }

  /**
   * {@code file} followed by spaces up to {@code totalLength} bytes: still the same JSON with valid
   * signatures, only too big.
   */
  public static byte[] padWithWhitespace(byte[] file, int totalLength) {
    return pad(file, totalLength, (byte) ' ');
  }

  /** {@code content} followed by zero bytes up to {@code totalLength} bytes. */
  public static byte[] padWithZeros(byte[] content, int totalLength) {
    return pad(content, totalLength, (byte) 0);
  }

  /** {@code content} with its last byte changed: same length, different hash. */
  public static byte[] corruptLastByte(byte[] content) {
    if (content.length == 0) {
      throw new IllegalArgumentException("Tried to corrupt a file but it is empty");
    }
    byte[] copy = content.clone();
    copy[copy.length - 1] ^= 0x01;
    return copy;
  }

  /** Rewrites {@code dir/path} with {@link #editSigned}. */
  public static void replaceSigned(
      Path dir, String path, UnaryOperator<ObjectNode> edit, List<TestKey> signers)
      throws IOException {
    rewrite(dir, path, file -> editSigned(file, edit, signers));
  }

  /** Rewrites {@code dir/path} with {@link #editSignedKeepingSignatures}. */
  public static void replaceSigned(Path dir, String path, UnaryOperator<ObjectNode> edit)
      throws IOException {
    rewrite(dir, path, file -> editSignedKeepingSignatures(file, edit));
  }

  /** Rewrites {@code dir/path} with {@code edit} of its bytes. */
  public static void rewrite(Path dir, String path, UnaryOperator<byte[]> edit) throws IOException {
    byte[] current = Files.readAllBytes(dir.resolve(path));
    RepoFiles.of(Map.of(path, edit.apply(current))).writeTo(dir);
  }

  private static ObjectNode signedOf(byte[] file) {
    JsonNode signed = MetadataJson.parseEnvelope(file).get("signed");
    if (signed == null || !signed.isObject()) {
      throw new IllegalArgumentException("Tried to edit metadata but it has no signed object");
    }
    return (ObjectNode) signed;
  }

  private static byte[] pad(byte[] file, int totalLength, byte filler) {
    if (totalLength < file.length) {
      throw new IllegalArgumentException(
          "Tried to pad " + file.length + " bytes to " + totalLength + " but that is shorter");
    }
    byte[] padded = Arrays.copyOf(file, totalLength);
    Arrays.fill(padded, file.length, totalLength, filler);
    return padded;
  }
}
