package dev.trustmirror.verifier.sigstore;

import java.util.Objects;
import java.util.Optional;

/**
 * One reason a signature was not accepted by one authority.
 *
 * @param signature the signature's number, from 1 in the order given; 0 when the reason is about
 *     the image (no signature at all)
 * @param authority the authority tried ({@code key 2}, {@code keyless}, {@code keyless
 *     issuer=.../subject=...}); empty when the signature failed before any authority (malformed)
 * @param code the typed reason
 * @param message what was tried and why it failed
 */
public record Reason(int signature, Optional<String> authority, RefusalCode code, String message) {
  public Reason {
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /** {@code signature 1, key 1: <message>}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (signature > 0) {
      b.append("signature ").append(signature);
    }
    authority.ifPresent(a -> b.append(b.length() > 0 ? ", " : "").append(a));
    return b.append(b.length() > 0 ? ": " : "").append(message).toString();
  }
}
