package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.registry.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer to "is this image, at this digest, signed the way the policy demands?": a value, never
 * an exception. A verified verdict names the signature and authority that matched, the signer and
 * the signing time with its source; a refused one lists every reason tried, per signature and per
 * authority.
 *
 * @param image the image digest the signatures were checked against
 * @param match what verified, when verified
 * @param reasons every failure met: all of them for a refusal, those met before the match for an
 *     acceptance
 */
public record Verdict(Digest image, Optional<Match> match, List<Reason> reasons) {

  /**
   * The signature that verified.
   *
   * @param signature its number, from 1
   * @param authority {@code key 2} or {@code keyless issuer=.../subject=...}
   * @param signer the key's name and fingerprint, or the certificate's {@code issuer/subject}
   * @param signingTime when it was signed, as far as the verifier could establish
   * @param timeSource where {@code signingTime} came from
   */
  public record Match(
      int signature, String authority, String signer, Instant signingTime, TimeSource timeSource) {
    public Match {
      Objects.requireNonNull(authority, "authority");
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(signingTime, "signingTime");
      Objects.requireNonNull(timeSource, "timeSource");
    }
  }

  public Verdict {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(match, "match");
    reasons = List.copyOf(reasons);
    if (match.isEmpty() && reasons.isEmpty()) {
      throw new IllegalArgumentException("A refusal needs at least one reason");
    }
  }

  /** Whether a signature verified. */
  public boolean verified() {
    return match.isPresent();
  }

  /** The typed codes of {@link #reasons()}, in order. */
  public List<RefusalCode> codes() {
    return reasons.stream().map(Reason::code).toList();
  }

  /** One line: {@code verified sha256:... by key 1 (...)} or the reasons joined by "; ". */
  public String summary() {
    return match
        .map(
            m ->
                "verified "
                    + image
                    + ": signature "
                    + m.signature()
                    + " by "
                    + m.authority()
                    + " (signer "
                    + m.signer()
                    + ", signed "
                    + m.signingTime()
                    + " per "
                    + m.timeSource().name().toLowerCase(Locale.ROOT)
                    + ")")
        .orElseGet(
            () ->
                "refused "
                    + image
                    + ": "
                    + reasons.stream().map(Reason::toString).collect(Collectors.joining("; ")));
  }
}
