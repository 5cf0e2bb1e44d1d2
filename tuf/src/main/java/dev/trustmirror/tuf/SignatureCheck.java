package dev.trustmirror.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts valid signatures over the canonical {@code signed} bytes (ECDSA, Ed25519 with the JDK,
 * RSA-PSS and others with sigstore-java's TUF verifiers: see {@link KeyVerifier}). A signature
 * whose keyid is unknown, whose value is empty or malformed, or that does not verify simply does
 * not count; each key counts once.
 */
final class SignatureCheck {
  private final Map<String, Optional<KeyVerifier>> verifiers = new ConcurrentHashMap<>();

  /**
   * Checks that at least {@code role.threshold()} distinct authorised keys signed. Stops as soon as
   * the threshold is reached.
   *
   * @throws ThresholdNotMetException when they did not
   */
  void requireThreshold(SignedMetadata md, String roleName, RoleKeys role)
      throws ThresholdNotMetException {
    int valid = countValid(md, role, role.threshold());
    if (valid < role.threshold()) {
      throw new ThresholdNotMetException(
          roleName, md.version, role.owner(), role.threshold(), valid);
    }
  }

  /** Counts valid signatures by distinct keys of {@code role}, stopping at {@code enough}. */
  int countValid(SignedMetadata md, RoleKeys role, int enough) {
    Set<String> counted = new HashSet<>();
    for (SignedMetadata.Signature s : md.signatures) {
      if (counted.size() >= enough) {
        break;
      }
      if (s.sig().length == 0 || counted.contains(s.keyId())) {
        continue;
      }
      JsonNode key = role.keys().get(s.keyId());
      if (key != null && md.verifiedBy(canonical(key), s, () -> verifies(key, md, s))) {
        counted.add(s.keyId());
      }
    }
    return counted.size();
  }

  private boolean verifies(JsonNode key, SignedMetadata md, SignedMetadata.Signature s) {
    Optional<KeyVerifier> verifier =
        verifiers.computeIfAbsent(canonical(key), k -> buildVerifier(key));
    return verifier.isPresent() && verifies(verifier.get(), md.canonicalSigned, s.sig());
  }

  private static String canonical(JsonNode key) {
    return new String(CanonicalJson.encode(key), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean verifies(KeyVerifier verifier, byte[] data, byte[] sig) {
    try {
      return verifier.verify(data, sig);
    } catch (Exception | Error e) {
      // A malformed signature (bad DER, wrong length) is an invalid signature, not a crash.
      return false;
    }
  }

  private static Optional<KeyVerifier> buildVerifier(JsonNode key) {
    JsonNode keyType = key.get("keytype");
    JsonNode scheme = key.get("scheme");
    JsonNode keyVal = key.get("keyval");
    if (keyType == null
        || !keyType.isTextual()
        || scheme == null
        || !scheme.isTextual()
        || keyVal == null
        || !keyVal.isObject()) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = keyVal.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        values.put(e.getKey(), e.getValue().textValue());
      }
    }
    return KeyVerifier.of(keyType.textValue(), scheme.textValue(), values);
  }
}
