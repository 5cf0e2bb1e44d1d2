package dev.trustmirror.verifier.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;

/**
 * A token service's answer (distribution token authentication): {@code token} or {@code
 * access_token}, and {@code expires_in} seconds (60 when absent, as the specification says).
 *
 * @param token the bearer token, printable ASCII without spaces
 * @param expiresIn how long it is valid, from 1 second to 1 day (longer lifetimes are cut to a day)
 */
record TokenResponse(String token, Duration expiresIn) {
  static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
  static final Duration MAX_LIFETIME = Duration.ofDays(1);
  static final int MAX_TOKEN_LENGTH = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String toString() {
    return "TokenResponse[token=***, expiresIn=" + expiresIn + "]";
  }

  /** Thrown by {@link #parse} on a body that is not a usable token response. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /** Parses a token response body. Pure. */
  static TokenResponse parse(byte[] body) throws MalformedException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedException("it is not JSON");
    } catch (IOException e) {
      throw new MalformedException("it cannot be read as JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedException("it is not a JSON object");
    }
    String token = text(root, "token");
    if (token.isEmpty()) {
      token = text(root, "access_token");
    }
    if (token.isEmpty()) {
      throw new MalformedException("it has neither token nor access_token");
    }
    if (token.length() > MAX_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new MalformedException(
          "its token is not printable ASCII without spaces of at most "
              + MAX_TOKEN_LENGTH
              + " characters");
    }
    JsonNode expires = root.get("expires_in");
    Duration lifetime = DEFAULT_LIFETIME;
    if (expires != null && !expires.isNull()) {
      if (!expires.isIntegralNumber() || !expires.canConvertToLong() || expires.longValue() < 1) {
        throw new MalformedException("its expires_in is not a positive whole number of seconds");
      }
      lifetime = Duration.ofSeconds(Math.min(expires.longValue(), MAX_LIFETIME.toSeconds()));
    }
    return new TokenResponse(token, lifetime);
  }

  private static String text(JsonNode root, String name) throws MalformedException {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new MalformedException("its " + name + " is not a string");
    }
    return node.textValue();
  }
}
