package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Rekor entry as a client receives it: the canonicalized body, where and when it was logged, and
 * the Signed Entry Timestamp (SET, Rekor's {@code inclusionPromise}).
 *
 * @param kind the entry kind ({@code hashedrekord}, {@code dsse})
 * @param apiVersion the kind's version ({@code 0.0.1})
 * @param body the canonicalized body bytes (RFC 8785 JSON)
 * @param integratedTime seconds since the epoch
 * @param logIndex the index in the log
 * @param logId the log ID (SHA-256 of the log's DER public key)
 * @param signedEntryTimestamp the log's signature over {@link #signableContent()}
 */
public record LogEntry(
    String kind,
    String apiVersion,
    byte[] body,
    long integratedTime,
    long logIndex,
    byte[] logId,
    byte[] signedEntryTimestamp) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the arrays. */
  public LogEntry {
    body = body.clone();
    logId = logId.clone();
    signedEntryTimestamp = signedEntryTimestamp.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public byte[] logId() {
    return logId.clone();
  }

  @Override
  public byte[] signedEntryTimestamp() {
    return signedEntryTimestamp.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Base64 of the body, as Rekor's API and cosign's bundle annotation carry it. */
  public String bodyBase64() {
    return Base64.getEncoder().encodeToString(body);
  }

  /** The log ID in lowercase hex, as Rekor's API and cosign's bundle annotation carry it. */
  public String logIdHex() {
    return HexFormat.of().formatHex(logId);
  }

  /** The entry UUID: hex of the RFC 6962 leaf hash of the body. */
  public String uuid() {
    return HexFormat.of().formatHex(MerkleTree.leafHash(body));
  }

  /**
   * What the SET signs: RFC 8785 JSON of {@code {body, integratedTime, logID, logIndex}}, with the
   * body base64 and the log ID hex.
   */
  public byte[] signableContent() {
    return RekorCanonicalJson.encode(payload());
  }

  /** The same entry with another SET (for forged or tampered promises). */
  public LogEntry withSignedEntryTimestamp(byte[] value) {
    return new LogEntry(kind, apiVersion, body, integratedTime, logIndex, logId, value);
  }

  /**
   * cosign's {@code dev.sigstore.cosign/bundle} annotation: {@code
   * {"SignedEntryTimestamp":b64,"Payload":{"body":b64,"integratedTime":n,"logIndex":n,"logID":hex}}}
   * in that member order (Go's struct order), without whitespace.
   */
  public String cosignBundleAnnotation() {
    ObjectNode bundle = JsonNodeFactory.instance.objectNode();
    bundle.put("SignedEntryTimestamp", Base64.getEncoder().encodeToString(signedEntryTimestamp));
    bundle.set("Payload", payload());
    try {
      return JSON.writeValueAsString(bundle);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Tried to write a bundle annotation but Jackson failed", e);
    }
  }

  private ObjectNode payload() {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("body", bodyBase64());
    payload.put("integratedTime", integratedTime);
    payload.put("logIndex", logIndex);
    payload.put("logID", logIdHex());
    return payload;
  }
}
