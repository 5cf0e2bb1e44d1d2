package dev.trustmirror.verifier.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code auths} of a Docker {@code config.json}. Pure; messages never hold secrets. */
final class DockerConfigParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerConfigParser() {}

  static Map<String, Credentials> parse(byte[] json, String source) throws RegistryConfigException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // The parser's message may quote the input, which holds secrets: leave it out.
      throw new RegistryConfigException(
          RegistryConfigException.Rule.MALFORMED_JSON,
          source,
          null,
          "it is not valid JSON (line " + e.getLocation().getLineNr() + ")",
          null);
    } catch (IOException e) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.MALFORMED_JSON,
          source,
          null,
          "it cannot be read as JSON",
          null);
    }
    if (root == null || !root.isObject()) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.MALFORMED_JSON,
          source,
          null,
          "it is not a JSON object",
          null);
    }
    JsonNode auths = root.get("auths");
    Map<String, Credentials> result = new LinkedHashMap<>();
    if (auths == null || auths.isNull()) {
      return result;
    }
    if (!auths.isObject()) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.WRONG_TYPE, source, null, "auths is not an object", null);
    }
    for (Map.Entry<String, JsonNode> entry : auths.properties()) {
      Optional<Credentials> credentials = entry(source, entry.getKey(), entry.getValue());
      credentials.ifPresent(c -> result.putIfAbsent(entry.getKey(), c));
    }
    return result;
  }

  private static Optional<Credentials> entry(String source, String key, JsonNode node)
      throws RegistryConfigException {
    if (!node.isObject()) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.WRONG_TYPE, source, key, "the entry is not an object", null);
    }
    Optional<String> auth = text(source, key, node, "auth").filter(s -> !s.isEmpty());
    Optional<String> username = text(source, key, node, "username").filter(s -> !s.isEmpty());
    Optional<String> password = text(source, key, node, "password").filter(s -> !s.isEmpty());
    Optional<Credentials> fromAuth =
        auth.isPresent() ? Optional.of(decode(source, key, auth.get())) : Optional.empty();
    if (username.isPresent() != password.isPresent()) {
      if (fromAuth.isEmpty()) {
        throw new RegistryConfigException(
            RegistryConfigException.Rule.INCOMPLETE_CREDENTIALS,
            source,
            key,
            username.isPresent()
                ? "it has a username but no password"
                : "it has a password but no username",
            null);
      }
    }
    if (username.isPresent() && password.isPresent()) {
      Credentials fields = credentials(source, key, username.get(), password.get());
      if (fromAuth.isPresent() && !fromAuth.get().equals(fields)) {
        throw new RegistryConfigException(
            RegistryConfigException.Rule.CONFLICTING_CREDENTIALS,
            source,
            key,
            "its auth value and its username/password name different credentials",
            null);
      }
      return Optional.of(fields);
    }
    return fromAuth;
  }

  private static Credentials decode(String source, String key, String auth)
      throws RegistryConfigException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(auth.strip());
    } catch (IllegalArgumentException e) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.BAD_BASE64,
          source,
          key,
          "its auth value is not base64",
          null);
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.BAD_BASE64,
          source,
          key,
          "its auth value does not decode to UTF-8 text",
          null);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.MISSING_SEPARATOR,
          source,
          key,
          "its auth value does not decode to user:password",
          null);
    }
    return credentials(source, key, decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private static Credentials credentials(
      String source, String key, String username, String password) throws RegistryConfigException {
    if (username.isEmpty() || username.indexOf(':') >= 0 || password.isEmpty()) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.INCOMPLETE_CREDENTIALS,
          source,
          key,
          "its user name is empty or has ':', or its password is empty",
          null);
    }
    return new Credentials(username, password);
  }

  private static Optional<String> text(String source, String key, JsonNode node, String field)
      throws RegistryConfigException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new RegistryConfigException(
          RegistryConfigException.Rule.WRONG_TYPE, source, key, field + " is not a string", null);
    }
    return Optional.of(value.textValue());
  }
}
