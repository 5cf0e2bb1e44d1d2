package dev.trustmirror.kube.trustroot;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.kube.trustroot.SigstoreKeysNote.Kind;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException.Rule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code trusted_root.json} (Sigstore's {@code TrustedRoot}, protobuf JSON) → the {@code
 * spec.sigstoreKeys} of policy-controller's v1alpha1 types: PEM certificate chains and PEM public
 * keys, each base64-encoded because the Go fields are {@code []byte}; hash algorithms spelled as
 * policy-controller's {@code HashStringToHashAlgorithm} reads them ({@code sha-256}). What the
 * target form cannot carry ({@code validFor}, {@code logId}, {@code keyDetails}) is dropped:
 * policy-controller recomputes log ids from the keys and sets every validity to "from 1970, no
 * end"; an entry whose validity ends gets a {@link SigstoreKeysNote}.
 */
final class SigstoreKeysConversion {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** protobuf-specs {@code HashAlgorithm} → policy-controller's spelling. */
  private static final Map<String, String> HASHES =
      Map.of(
          "SHA2_256",
          "sha-256",
          "1",
          "sha-256",
          "SHA2_384",
          "sha-384",
          "2",
          "sha-384",
          "SHA2_512",
          "sha-512",
          "3",
          "sha-512");

  /** The converted keys and what the conversion could not carry. */
  record Result(ObjectNode sigstoreKeys, List<SigstoreKeysNote> notes) {}

  private final String origin;
  private final List<SigstoreKeysNote> notes = new ArrayList<>();

  private SigstoreKeysConversion(String origin) {
    this.origin = origin;
  }

  /**
   * Converts.
   *
   * @param trustedRoot the exact bytes of {@code trusted_root.json}
   * @param origin how the file is named in messages
   * @throws TrustRootRefusedException ({@link Rule#MALFORMED_TRUSTED_ROOT}) when a field the target
   *     form needs is missing or does not decode
   */
  static Result convert(byte[] trustedRoot, String origin) throws TrustRootRefusedException {
    return new SigstoreKeysConversion(origin).run(trustedRoot);
  }

  private Result run(byte[] bytes) throws TrustRootRefusedException {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw malformed(null, "it is not JSON: " + e.getMessage().replaceAll("\\s+", " "));
    }
    if (root == null || !root.isObject()) {
      throw malformed(null, "it is not a JSON object");
    }
    ObjectNode keys = JSON.createObjectNode();
    // Field order of policy-controller's SigstoreKeys; only certificateAuthorities is not
    // omitempty.
    keys.set(
        "certificateAuthorities",
        authorities(array(root, "certificateAuthorities", "certificate_authorities")));
    putIfNotEmpty(keys, "tLogs", logs(array(root, "tlogs", "tlogs"), "tLogs", true));
    putIfNotEmpty(keys, "ctLogs", logs(array(root, "ctlogs", "ctlogs"), "ctLogs", false));
    putIfNotEmpty(
        keys,
        "timestampAuthorities",
        authorities(array(root, "timestampAuthorities", "timestamp_authorities")));
    return new Result(keys, List.copyOf(notes));
  }

  private static void putIfNotEmpty(ObjectNode n, String field, ArrayNode value) {
    if (!value.isEmpty()) {
      n.set(field, value);
    }
  }

  private ArrayNode authorities(Entries entries) throws TrustRootRefusedException {
    ArrayNode out = JSON.createArrayNode();
    for (int i = 0; i < entries.nodes().size(); i++) {
      JsonNode ca = entries.nodes().get(i);
      String entry = entries.target() + "[" + i + "]";
      String where = entries.source() + "[" + i + "]";
      JsonNode subject = field(ca, "subject", "subject");
      ObjectNode o = out.addObject();
      o.putObject("subject")
          .put("organization", text(subject, where + ".subject", "organization", "organization"))
          .put("commonName", text(subject, where + ".subject", "commonName", "common_name"));
      o.put("uri", text(ca, where, "uri", "uri"));
      o.put("certChain", base64(certificateChainPem(ca, where)));
      noteValidityEnd(field(ca, "validFor", "valid_for"), entry);
    }
    return out;
  }

  private ArrayNode logs(Entries entries, String target, boolean transparencyLogs)
      throws TrustRootRefusedException {
    ArrayNode out = JSON.createArrayNode();
    for (int i = 0; i < entries.nodes().size(); i++) {
      JsonNode log = entries.nodes().get(i);
      String entry = target + "[" + i + "]";
      String where = entries.source() + "[" + i + "]";
      // protobuf JSON writes enums as names, and accepts their numbers too
      JsonNode hashNode = field(log, "hashAlgorithm", "hash_algorithm");
      String hash =
          hashNode.isIntegralNumber()
              ? hashNode.asText()
              : text(log, where, "hashAlgorithm", "hash_algorithm");
      String spelled = HASHES.get(hash);
      if (spelled == null) {
        throw malformed(
            where + ".hashAlgorithm",
            "hash algorithm " + hash + " has no spelling in policy-controller's sigstoreKeys");
      }
      JsonNode publicKey = field(log, "publicKey", "public_key");
      byte[] der = decode(text(publicKey, where + ".publicKey", "rawBytes", "raw_bytes"), where);
      String algorithm = keyAlgorithm(der, where + ".publicKey");
      ObjectNode o = out.addObject();
      o.put("baseURL", text(log, where, "baseUrl", "base_url"));
      o.put("hashAlgorithm", spelled);
      o.put("publicKey", base64(pem("PUBLIC KEY", der)));
      noteValidityEnd(field(publicKey, "validFor", "valid_for"), entry);
      if (transparencyLogs && !algorithm.equals("EC")) {
        notes.add(
            new SigstoreKeysNote(
                Kind.NON_ECDSA_LOG_KEY,
                entry,
                entry
                    + " ("
                    + log.path("baseUrl").asText()
                    + ") has an "
                    + algorithm
                    + " key, not ECDSA; the policy-controller reconciler reviewed for ADR 0010"
                    + " refuses such tLogs keys"));
      }
    }
    return out;
  }

  private String certificateChainPem(JsonNode ca, String where) throws TrustRootRefusedException {
    JsonNode certificates = field(field(ca, "certChain", "cert_chain"), "certificates");
    if (!certificates.isArray() || certificates.isEmpty()) {
      throw malformed(where + ".certChain.certificates", "no certificates");
    }
    StringBuilder chain = new StringBuilder();
    for (int j = 0; j < certificates.size(); j++) {
      String certWhere = where + ".certChain.certificates[" + j + "]";
      byte[] der = decode(text(certificates.get(j), certWhere, "rawBytes", "raw_bytes"), certWhere);
      try {
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
      } catch (CertificateException e) {
        throw malformed(certWhere, "not an X.509 certificate: " + e.getMessage());
      }
      chain.append(pem("CERTIFICATE", der));
    }
    return chain.toString();
  }

  private void noteValidityEnd(JsonNode validFor, String entry) {
    JsonNode end = validFor.path("end");
    if (end.isTextual()) {
      notes.add(
          new SigstoreKeysNote(
              Kind.VALIDITY_END_DROPPED,
              entry,
              entry
                  + " is valid until "
                  + end.asText()
                  + " in trusted_root.json; sigstoreKeys has no validity window, so"
                  + " policy-controller will trust it with no end"));
    }
  }

  /** {@code EC}, {@code Ed25519} or {@code RSA}: the key's algorithm, checked by parsing it. */
  private String keyAlgorithm(byte[] spki, String where) throws TrustRootRefusedException {
    for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
      try {
        KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        return algorithm;
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw malformed(where, "not an EC, Ed25519 or RSA public key (SubjectPublicKeyInfo)");
  }

  /** PEM as Go's {@code pem.EncodeToMemory} writes it: 64-character lines, final newline. */
  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** protobuf JSON accepts standard and URL-safe base64. */
  private byte[] decode(String value, String where) throws TrustRootRefusedException {
    try {
      return value.indexOf('-') >= 0 || value.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(value)
          : Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw malformed(where + ".rawBytes", "not base64: " + e.getMessage());
    }
  }

  /** An array field by its JSON name or proto name, with where it came from and goes. */
  private record Entries(List<JsonNode> nodes, String source, String target) {}

  private Entries array(JsonNode root, String jsonName, String protoName)
      throws TrustRootRefusedException {
    JsonNode n = field(root, jsonName, protoName);
    if (n.isMissingNode() || n.isNull()) {
      return new Entries(List.of(), jsonName, targetName(jsonName));
    }
    if (!n.isArray()) {
      throw malformed(jsonName, "not an array");
    }
    List<JsonNode> nodes = new ArrayList<>();
    n.forEach(nodes::add);
    return new Entries(nodes, jsonName, targetName(jsonName));
  }

  private static String targetName(String jsonName) {
    return switch (jsonName) {
      case "tlogs" -> "tLogs";
      case "ctlogs" -> "ctLogs";
      default -> jsonName;
    };
  }

  private static JsonNode field(JsonNode n, String jsonName, String protoName) {
    JsonNode v = n.path(jsonName);
    return v.isMissingNode() ? n.path(protoName) : v;
  }

  private static JsonNode field(JsonNode n, String name) {
    return n.path(name);
  }

  private String text(JsonNode n, String where, String jsonName, String protoName)
      throws TrustRootRefusedException {
    JsonNode v = field(n, jsonName, protoName);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw malformed(where + "." + jsonName, "missing or empty (policy-controller requires it)");
    }
    return v.asText();
  }

  private TrustRootRefusedException malformed(String field, String why) {
    return new TrustRootRefusedException(Rule.MALFORMED_TRUSTED_ROOT, origin, field, why);
  }
}
