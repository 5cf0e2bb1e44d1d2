package dev.trustmirror.testkit.sigstore;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * A certificate transparency log that issues RFC 6962 v1 Signed Certificate Timestamps for
 * precertificates, with an ECDSA P-256 key (the only ECDSA curve sigstore-java reads from a trusted
 * root). Its log ID is the SHA-256 of its DER SubjectPublicKeyInfo (RFC 6962 3.2).
 */
public final class TestCtLog {

  /** RFC 6962 3.2: {@code LogEntryType precert_entry}. */
  private static final int PRECERT_ENTRY = 1;

  /** RFC 5246 7.4.1.4.1: {@code HashAlgorithm sha256}. */
  private static final int SHA256 = 4;

  /** RFC 5246 7.4.1.4.1: {@code SignatureAlgorithm ecdsa}. */
  private static final int ECDSA = 3;

  private final SigningKey key;
  private final byte[] logId;
  private final String baseUrl;
  private final Instant validFrom;

  private TestCtLog(SigningKey key, String baseUrl, Instant validFrom) {
    this.key = key;
    this.logId = Sha256.digest(key.publicKey().getEncoded());
    this.baseUrl = baseUrl;
    this.validFrom = validFrom;
  }

  /**
   * A new log.
   *
   * @param random source of the key and of its signatures
   * @param baseUrl the URL written in {@code trusted_root.json}
   * @param validFrom start of the key's validity in {@code trusted_root.json}
   */
  public static TestCtLog generate(SecureRandom random, String baseUrl, Instant validFrom) {
    return new TestCtLog(SigningKey.generate(KeyAlgorithm.ECDSA_P256, random), baseUrl, validFrom);
  }

  /** The log ID: SHA-256 of the DER public key. */
  public byte[] logId() {
    return logId.clone();
  }

  /** The signing key. */
  public SigningKey key() {
    return key;
  }

  /** The base URL for {@code trusted_root.json}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** When the log's key became valid. */
  public Instant validFrom() {
    return validFrom;
  }

  /**
   * Issues an SCT for a precertificate (RFC 6962 3.2): signs {@code sct_version=v1,
   * signature_type=certificate_timestamp, timestamp, entry_type=precert_entry, issuer_key_hash,
   * tbs_certificate, extensions=empty} and returns the serialized {@code
   * SignedCertificateTimestamp}.
   *
   * @param timestamp the SCT time (milliseconds are kept)
   * @param issuerKeyHash SHA-256 of the issuing CA's DER SubjectPublicKeyInfo
   * @param precertificateTbs DER TBSCertificate of the precertificate without its poison extension
   */
  public byte[] signPrecertificate(
      Instant timestamp, byte[] issuerKeyHash, byte[] precertificateTbs) {
    long millis = timestamp.toEpochMilli();
    byte[] signature = key.sign(signedData(millis, issuerKeyHash, precertificateTbs));

    var sct = new ByteArrayOutputStream();
    sct.write(0);
    sct.writeBytes(logId);
    writeNumber(sct, millis, 8);
    writeNumber(sct, 0, 2);
    sct.write(SHA256);
    sct.write(ECDSA);
    writeNumber(sct, signature.length, 2);
    sct.writeBytes(signature);
    return sct.toByteArray();
  }

  /**
   * RFC 6962 3.2: the {@code digitally-signed} struct of a precertificate SCT: version v1,
   * signature type certificate_timestamp, timestamp, entry type precert_entry, issuer key hash,
   * 24-bit length-prefixed TBSCertificate, empty extensions.
   */
  static byte[] signedData(long timestampMillis, byte[] issuerKeyHash, byte[] precertificateTbs) {
    var signed = new ByteArrayOutputStream();
    signed.write(0); // sct_version v1
    signed.write(0); // signature_type certificate_timestamp
    writeNumber(signed, timestampMillis, 8);
    writeNumber(signed, PRECERT_ENTRY, 2);
    signed.writeBytes(issuerKeyHash);
    writeNumber(signed, precertificateTbs.length, 3);
    signed.writeBytes(precertificateTbs);
    writeNumber(signed, 0, 2); // no CtExtensions
    return signed.toByteArray();
  }

  /**
   * The TLS-encoded {@code SignedCertificateTimestampList} (RFC 6962 3.3) that a certificate's SCT
   * extension wraps in an OCTET STRING.
   */
  public static byte[] sctList(List<byte[]> scts) {
    var list = new ByteArrayOutputStream();
    for (byte[] sct : scts) {
      writeNumber(list, sct.length, 2);
      list.writeBytes(sct);
    }
    var out = new ByteArrayOutputStream();
    writeNumber(out, list.size(), 2);
    out.writeBytes(list.toByteArray());
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "TestCtLog[" + baseUrl + "]";
  }

  private static void writeNumber(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
