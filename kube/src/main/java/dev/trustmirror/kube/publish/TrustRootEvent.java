package dev.trustmirror.kube.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Event to record about a {@code TrustRoot}, before it becomes a core v1 {@code Event}.
 *
 * @param key what makes two events "the same": the same key is one Event object whose count goes up
 *     (or, for a {@link Repeat#ONCE} event, is not recorded again)
 * @param type Normal or Warning
 * @param reason the CamelCase reason {@code kubectl describe} shows
 * @param message the message
 * @param repeat what a second event with the same key does
 */
record TrustRootEvent(String key, Type type, String reason, String message, Repeat repeat) {

  /** Event types {@code kubectl} knows. */
  enum Type {
    Normal,
    Warning
  }

  /** What recording an event whose key was recorded before does. */
  enum Repeat {
    /**
     * Bump {@code count} and {@code lastTimestamp}, replace the message (client-go's aggregation).
     */
    COUNT,
    /** Nothing: the event is said once (rate limiting). */
    ONCE
  }

  TrustRootEvent {
    Objects.requireNonNull(key);
    Objects.requireNonNull(type);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(repeat);
  }

  /** A new generation of the resource was applied. */
  static TrustRootEvent synced(String contentHash, String message) {
    return new TrustRootEvent(
        "Synced/" + contentHash, Type.Normal, "Synced", message, Repeat.COUNT);
  }

  /** A sync failed; one Event per reason, counted. */
  static TrustRootEvent syncFailed(String reason, String message) {
    return new TrustRootEvent(
        "SyncFailed/" + reason, Type.Warning, "SyncFailed", message, Repeat.COUNT);
  }

  /** A role reached a level of the expiry warning; once per role version and level. */
  static TrustRootEvent expiresSoon(String role, int version, String level, String message) {
    return new TrustRootEvent(
        "ExpiresSoon/" + role + "/" + version + "/" + level,
        Type.Warning,
        "ExpiresSoon",
        message,
        Repeat.ONCE);
  }

  /**
   * The Event object's name: {@code <resource name>.<16 hex of sha256(key)>}, a valid name for any
   * resource name (DNS subdomain, at most 253 characters), the same for the same key whoever
   * records it, so a new leader continues the count of the old one.
   */
  String objectName(String resourceName) {
    String prefix = resourceName.length() > 200 ? resourceName.substring(0, 200) : resourceName;
    // a DNS label may not end in '-' or '.'
    prefix = prefix.replaceAll("[-.]+$", "");
    return prefix + "." + sha256(key).substring(0, 16);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
