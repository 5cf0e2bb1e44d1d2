package dev.trustmirror.verifier.discovery;

import java.util.Objects;

/**
 * A signature that was found but cannot be used: a signature manifest, layer, referrer or bundle
 * the registry holds in a form that is refused. A refusal reason of the verdict, never an
 * exception: an image whose only signatures are unusable is refused with these reasons. Tests
 * assert {@link #source()} and {@link #rule()}, never the message.
 *
 * @param source where the signature was looked for
 * @param rule what is wrong
 * @param location where (a URL, or {@code registry/path:tag}, {@code registry/path@digest})
 * @param message what was tried and why it failed
 */
public record DiscoveryProblem(Source source, Rule rule, String location, String message) {
  /** Where a signature was looked for. */
  public enum Source {
    /** cosign's tag scheme: the manifest tagged {@code sha256-<hex>.sig} and its layers. */
    COSIGN,
    /** OCI 1.1 referrers: the referrers list, each referrer manifest and its bundle blob. */
    REFERRERS
  }

  /** What is wrong with it. */
  public enum Rule {
    /** An index where a manifest was expected (a {@code .sig} tag or a referrer). */
    NOT_A_MANIFEST,
    /** Not a manifest or index the registry client accepts (JSON, schema, media type, digest). */
    MALFORMED_MANIFEST,
    /** More signatures than {@link DiscoveryLimits#maxSignatures()}: the rest were not read. */
    TOO_MANY_SIGNATURES,
    /** Longer than its limit (announced by the descriptor, or counted while reading). */
    TOO_LARGE,
    /** The bytes do not hash to the digest the manifest names. */
    DIGEST_MISMATCH,
    /** The bytes hash right but their length is not the descriptor's size. */
    SIZE_MISMATCH,
    /** The manifest names a blob or manifest the registry does not have (404). */
    MISSING_CONTENT,
    /** A referrer whose {@code subject} is absent or another image (the list lied). */
    SUBJECT_MISMATCH,
    /** A referrer of the bundle artifact type without a bundle layer. */
    NO_BUNDLE_LAYER,
    /** The registry answered with a status the read does not expect. */
    UNEXPECTED_RESPONSE
  }

  public DiscoveryProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return source + " " + rule + " at " + location + ": " + message;
  }
}
