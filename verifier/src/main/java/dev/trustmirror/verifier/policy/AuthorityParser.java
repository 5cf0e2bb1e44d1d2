package dev.trustmirror.verifier.policy;

import static dev.trustmirror.verifier.policy.PolicyJson.allowOnly;
import static dev.trustmirror.verifier.policy.PolicyJson.array;
import static dev.trustmirror.verifier.policy.PolicyJson.member;
import static dev.trustmirror.verifier.policy.PolicyJson.object;
import static dev.trustmirror.verifier.policy.PolicyJson.required;
import static dev.trustmirror.verifier.policy.PolicyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.InvalidPolicyException;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code spec.authorities}: keys (inline PEM or Secret references) or keyless identities. */
final class AuthorityParser {
  private AuthorityParser() {}

  static List<Authority> authorities(JsonNode spec) throws InvalidImageTrustPolicyException {
    JsonNode list =
        array(required(spec, "authorities", "spec.authorities"), "spec.authorities", 1, 32);
    List<Authority> authorities = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      authorities.add(authority(list.get(i), "spec.authorities[" + i + "]", i + 1));
    }
    return authorities;
  }

  private static Authority authority(JsonNode node, String path, int number)
      throws InvalidImageTrustPolicyException {
    object(node, path);
    allowOnly(node, path, List.of("name", "keys", "keyless"));
    Optional<JsonNode> nameNode = member(node, "name");
    String name =
        nameNode.isPresent() ? text(nameNode.get(), path + ".name", 1, 63) : "authority " + number;
    Optional<JsonNode> keys = member(node, "keys");
    Optional<JsonNode> keyless = member(node, "keyless");
    if (keys.isPresent() == keyless.isPresent()) {
      throw new InvalidImageTrustPolicyException(
          keys.isPresent() ? Rule.CONFLICT : Rule.MISSING,
          path,
          keys.isPresent()
              ? "has both keys and keyless; an authority has one of them"
              : "has neither keys nor keyless");
    }
    if (keys.isPresent()) {
      return new Authority(name, keys(keys.get(), path + ".keys", name), List.of());
    }
    return new Authority(name, List.of(), identities(keyless.get(), path + ".keyless"));
  }

  private static List<PolicyKey> keys(JsonNode node, String path, String authority)
      throws InvalidImageTrustPolicyException {
    JsonNode list = array(node, path, 1, 16);
    List<PolicyKey> keys = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String keyPath = path + "[" + i + "]";
      JsonNode key = object(list.get(i), keyPath);
      allowOnly(key, keyPath, List.of("data", "secretRef"));
      Optional<JsonNode> data = member(key, "data");
      Optional<JsonNode> secretRef = member(key, "secretRef");
      if (data.isPresent() == secretRef.isPresent()) {
        throw new InvalidImageTrustPolicyException(
            data.isPresent() ? Rule.CONFLICT : Rule.MISSING,
            keyPath,
            data.isPresent()
                ? "has both data and secretRef; a key is given one way"
                : "has neither data nor secretRef");
      }
      String label = authority + "/keys[" + i + "]";
      keys.add(
          data.isPresent()
              ? inline(data.get(), keyPath + ".data", label)
              : secretRef(secretRef.get(), keyPath + ".secretRef", label));
    }
    return keys;
  }

  private static InlineKey inline(JsonNode node, String path, String label)
      throws InvalidImageTrustPolicyException {
    String pem = text(node, path, 1, 16384);
    try {
      return new InlineKey(VerificationKey.parse(pem.getBytes(StandardCharsets.UTF_8), label));
    } catch (InvalidPolicyException e) {
      throw new InvalidImageTrustPolicyException(
          Rule.INVALID_KEY, path, "is not a usable public key: " + e.getMessage(), e);
    }
  }

  private static SecretKeyRef secretRef(JsonNode node, String path, String label)
      throws InvalidImageTrustPolicyException {
    object(node, path);
    allowOnly(node, path, List.of("name", "namespace", "key"));
    String name = PolicyParser.dnsName(required(node, "name", path + ".name"), path + ".name", 253);
    String namespace =
        PolicyParser.dnsName(
            required(node, "namespace", path + ".namespace"), path + ".namespace", 63);
    Optional<JsonNode> key = member(node, "key");
    String dataKey =
        key.isPresent() ? text(key.get(), path + ".key", 1, 253) : SecretKeyRef.DEFAULT_KEY;
    return new SecretKeyRef(label, namespace, name, dataKey);
  }

  private static List<KeylessIdentity> identities(JsonNode node, String path)
      throws InvalidImageTrustPolicyException {
    object(node, path);
    allowOnly(node, path, List.of("identities"));
    String listPath = path + ".identities";
    JsonNode list = array(required(node, "identities", listPath), listPath, 1, 64);
    List<KeylessIdentity> identities = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = listPath + "[" + i + "]";
      JsonNode identity = object(list.get(i), itemPath);
      allowOnly(identity, itemPath, List.of("issuer", "issuerRegExp", "subject", "subjectRegExp"));
      identities.add(
          new KeylessIdentity(
              matcher(identity, itemPath, "issuer"), matcher(identity, itemPath, "subject")));
    }
    return identities;
  }

  /** {@code issuer} or {@code issuerRegExp} (likewise subject): exactly one of them. */
  private static IdentityMatcher matcher(JsonNode identity, String path, String member)
      throws InvalidImageTrustPolicyException {
    String regexpMember = member + "RegExp";
    Optional<JsonNode> exact = member(identity, member);
    Optional<JsonNode> regexp = member(identity, regexpMember);
    if (exact.isPresent() == regexp.isPresent()) {
      throw new InvalidImageTrustPolicyException(
          exact.isPresent() ? Rule.CONFLICT : Rule.MISSING,
          path,
          exact.isPresent()
              ? "has both " + member + " and " + regexpMember + "; give one"
              : "has neither " + member + " nor " + regexpMember);
    }
    if (exact.isPresent()) {
      return IdentityMatcher.exact(text(exact.get(), path + "." + member, 1, 1024));
    }
    String regexpPath = path + "." + regexpMember;
    String pattern = text(regexp.get(), regexpPath, 1, 1024);
    try {
      return IdentityMatcher.regexp(pattern);
    } catch (InvalidPolicyException e) {
      throw new InvalidImageTrustPolicyException(
          Rule.INVALID_REGEX, regexpPath, "does not compile: " + e.getMessage(), e);
    }
  }
}
