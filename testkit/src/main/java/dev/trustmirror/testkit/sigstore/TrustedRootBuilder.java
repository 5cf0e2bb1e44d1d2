package dev.trustmirror.testkit.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Writes a {@code trusted_root.json} in Sigstore's format ({@value #MEDIA_TYPE}), with the member
 * names and order of the real one: {@code tlogs}, {@code certificateAuthorities}, {@code ctlogs},
 * {@code timestampAuthorities}. Each service is valid from its own start unless a test gives
 * another window (e.g. a CA whose validity ended before the signature was made).
 */
public final class TrustedRootBuilder {

  /** The trusted root media type. */
  public static final String MEDIA_TYPE =
      "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ArrayNode tlogs = NODES.arrayNode();
  private final ArrayNode certificateAuthorities = NODES.arrayNode();
  private final ArrayNode ctlogs = NODES.arrayNode();
  private final ArrayNode timestampAuthorities = NODES.arrayNode();

  private TrustedRootBuilder() {}

  /** An empty trusted root. */
  public static TrustedRootBuilder create() {
    return new TrustedRootBuilder();
  }

  /** Adds {@code fulcio}'s chain, valid from its CA certificates' start, open-ended. */
  public TrustedRootBuilder certificateAuthority(TestFulcio fulcio) {
    return certificateAuthority(fulcio, fulcio.validFrom(), Optional.empty());
  }

  /** Adds {@code fulcio}'s chain valid from {@code start} to {@code end}. */
  public TrustedRootBuilder certificateAuthority(
      TestFulcio fulcio, Instant start, Optional<Instant> end) {
    certificateAuthorities.add(authority(fulcio.uri(), fulcio.chain(), start, end));
    return this;
  }

  /** Adds {@code rekor}'s key, valid from its start, open-ended. */
  public TrustedRootBuilder transparencyLog(TestRekor rekor) {
    return transparencyLog(rekor, rekor.validFrom(), Optional.empty());
  }

  /** Adds {@code rekor}'s key valid from {@code start} to {@code end}. */
  public TrustedRootBuilder transparencyLog(TestRekor rekor, Instant start, Optional<Instant> end) {
    tlogs.add(log(rekor.baseUrl(), rekor.key(), rekor.logId(), start, end));
    return this;
  }

  /** Adds {@code ctLog}'s key, valid from its start, open-ended. */
  public TrustedRootBuilder ctLog(TestCtLog ctLog) {
    return ctLog(ctLog, ctLog.validFrom(), Optional.empty());
  }

  /** Adds {@code ctLog}'s key valid from {@code start} to {@code end}. */
  public TrustedRootBuilder ctLog(TestCtLog ctLog, Instant start, Optional<Instant> end) {
    ctlogs.add(log(ctLog.baseUrl(), ctLog.key(), ctLog.logId(), start, end));
    return this;
  }

  /** Adds {@code tsa}'s chain, valid from its start, open-ended. */
  public TrustedRootBuilder timestampAuthority(TestTsa tsa) {
    return timestampAuthority(tsa, tsa.validFrom(), Optional.empty());
  }

  /** Adds {@code tsa}'s chain valid from {@code start} to {@code end}. */
  public TrustedRootBuilder timestampAuthority(TestTsa tsa, Instant start, Optional<Instant> end) {
    timestampAuthorities.add(authority(tsa.uri(), tsa.chain(), start, end));
    return this;
  }

  /** The document. */
  public ObjectNode toJson() {
    ObjectNode root = NODES.objectNode();
    root.put("mediaType", MEDIA_TYPE);
    root.set("tlogs", tlogs.deepCopy());
    root.set("certificateAuthorities", certificateAuthorities.deepCopy());
    root.set("ctlogs", ctlogs.deepCopy());
    root.set("timestampAuthorities", timestampAuthorities.deepCopy());
    return root;
  }

  /** The document, pretty-printed, UTF-8, with a final newline. */
  public byte[] toBytes() {
    try {
      return (JSON.writeValueAsString(toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Tried to write trusted_root.json but Jackson failed", e);
    }
  }

  /** Writes the document to {@code file} (through a temporary file and an atomic move). */
  public Path writeTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".trusted_root", ".tmp");
    Files.write(temporary, toBytes());
    return Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static ObjectNode log(
      String baseUrl, SigningKey key, byte[] logId, Instant start, Optional<Instant> end) {
    ObjectNode log = NODES.objectNode();
    log.put("baseUrl", baseUrl);
    log.put("hashAlgorithm", "SHA2_256");
    ObjectNode publicKey = log.putObject("publicKey");
    publicKey.put("rawBytes", base64(key.publicKey().getEncoded()));
    publicKey.put("keyDetails", key.algorithm().keyDetails());
    publicKey.set("validFor", validFor(start, end));
    log.putObject("logId").put("keyId", base64(logId));
    return log;
  }

  private static ObjectNode authority(
      String uri, List<X509Certificate> chain, Instant start, Optional<Instant> end) {
    ObjectNode authority = NODES.objectNode();
    X500Name subject =
        X500Name.getInstance(chain.get(chain.size() - 1).getSubjectX500Principal().getEncoded());
    ObjectNode subjectNode = authority.putObject("subject");
    subjectNode.put("organization", attribute(subject, BCStyle.O));
    subjectNode.put("commonName", attribute(subject, BCStyle.CN));
    authority.put("uri", uri);
    ArrayNode certificates = authority.putObject("certChain").putArray("certificates");
    for (X509Certificate certificate : chain) {
      try {
        certificates.addObject().put("rawBytes", base64(certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(
            "Tried to encode a certificate of " + uri + " but failed", e);
      }
    }
    authority.set("validFor", validFor(start, end));
    return authority;
  }

  private static String attribute(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  private static ObjectNode validFor(Instant start, Optional<Instant> end) {
    ObjectNode validFor = NODES.objectNode();
    validFor.put("start", start.toString());
    end.ifPresent(value -> validFor.put("end", value.toString()));
    return validFor;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
