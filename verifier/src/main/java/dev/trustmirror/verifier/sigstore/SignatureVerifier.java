package dev.trustmirror.verifier.sigstore;

import dev.trustmirror.verifier.registry.Digest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies an image's signatures offline against a {@link VerificationPolicy}: pure, bytes and a
 * {@link Clock} in, a {@link Verdict} out. Any signature accepted by any authority verifies the
 * image (cosign's semantics); signatures are numbered from 1, cosign layers first, then bundles;
 * authorities are tried in order, keys ("key 1"...) then keyless. Malformed input and unexpected
 * errors become reasons of a refusal: nothing thrown escapes (fail closed).
 *
 * <p>Thread-safe and immutable: build one per policy and trusted root, and keep it.
 */
public final class SignatureVerifier {
  private final VerificationPolicy policy;
  private final Clock clock;
  private final AuthorityChecks checks;
  private final String policyIdentity;

  private SignatureVerifier(VerificationPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.checks = new AuthorityChecks(policy.ignoreTlog(), TrustMaterial.of(policy.trustedRoot()));
    this.policyIdentity = policy.identity();
  }

  /** A verifier for {@code policy} whose "now" is {@code clock}. */
  public static SignatureVerifier create(VerificationPolicy policy, Clock clock) {
    return new SignatureVerifier(
        Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(clock, "clock"));
  }

  /** The policy. */
  public VerificationPolicy policy() {
    return policy;
  }

  /** {@link VerificationPolicy#identity()}, computed once. */
  public String policyIdentity() {
    return policyIdentity;
  }

  /** Verifies cosign signature layers ({@code sha256-<hex>.sig}) of {@code image}. */
  public Verdict verifyCosign(Digest image, List<CosignLayer> layers) {
    return verify(image, layers, List.of());
  }

  /** Verifies Sigstore bundles (OCI referrers) of {@code image}. */
  public Verdict verifyBundles(Digest image, List<byte[]> bundles) {
    return verify(image, List.of(), bundles);
  }

  /**
   * Verifies cosign layers and Sigstore bundles of {@code image} together: verified when any one of
   * them is accepted.
   */
  public Verdict verify(Digest image, List<CosignLayer> layers, List<byte[]> bundles) {
    Objects.requireNonNull(image, "image");
    Instant now = clock.instant();
    List<Reason> reasons = new ArrayList<>();
    int number = 0;
    for (CosignLayer layer : layers) {
      number++;
      Optional<Verdict.Match> match = judgeCosign(number, layer, image, now, reasons);
      if (match.isPresent()) {
        return new Verdict(image, match, reasons);
      }
    }
    for (byte[] bundle : bundles) {
      number++;
      Optional<Verdict.Match> match =
          judgeBundle(number, bundle, Optional.empty(), image, now, reasons);
      if (match.isPresent()) {
        return new Verdict(image, match, reasons);
      }
    }
    if (number == 0) {
      reasons.add(
          new Reason(
              0,
              Optional.empty(),
              RefusalCode.NO_SIGNATURE,
              "the image " + image + " has no signature (no cosign layer, no Sigstore bundle)"));
    }
    return new Verdict(image, Optional.empty(), reasons);
  }

  /**
   * Verifies a Sigstore bundle for an artifact given by its bytes ({@code verify-bundle FILE}): the
   * subject is the artifact's SHA-256.
   */
  public Verdict verifyArtifact(byte[] artifact, byte[] bundle) {
    Digest digest = Digest.sha256(artifact);
    List<Reason> reasons = new ArrayList<>();
    Optional<Verdict.Match> match =
        judgeBundle(1, bundle, Optional.of(artifact), digest, clock.instant(), reasons);
    return new Verdict(digest, match, reasons);
  }

  private Optional<Verdict.Match> judgeCosign(
      int number, CosignLayer layer, Digest image, Instant now, List<Reason> reasons) {
    Candidate candidate;
    try {
      candidate = Candidate.of(number, CosignSignature.parse(layer));
    } catch (MalformedSignatureException e) {
      RefusalCode code =
          e.part() == MalformedSignatureException.Part.PAYLOAD
              ? RefusalCode.MALFORMED_PAYLOAD
              : RefusalCode.MALFORMED_SIGNATURE;
      reasons.add(new Reason(number, Optional.empty(), code, e.getMessage()));
      return Optional.empty();
    } catch (RuntimeException e) {
      reasons.add(internalError(number, Optional.empty(), e));
      return Optional.empty();
    }
    return judge(candidate, image, now, reasons);
  }

  private Optional<Verdict.Match> judgeBundle(
      int number,
      byte[] bundle,
      Optional<byte[]> artifact,
      Digest image,
      Instant now,
      List<Reason> reasons) {
    Candidate candidate;
    try {
      candidate = Candidate.of(number, SigstoreBundle.parse(bundle), artifact);
    } catch (MalformedSignatureException e) {
      reasons.add(
          new Reason(number, Optional.empty(), RefusalCode.MALFORMED_BUNDLE, e.getMessage()));
      return Optional.empty();
    } catch (RuntimeException e) {
      reasons.add(internalError(number, Optional.empty(), e));
      return Optional.empty();
    }
    return judge(candidate, image, now, reasons);
  }

  /** Every authority in order; the first that accepts wins, the others' reasons are kept. */
  private Optional<Verdict.Match> judge(
      Candidate candidate, Digest image, Instant now, List<Reason> reasons) {
    int number = candidate.number();
    for (int k = 0; k < policy.keys().size(); k++) {
      Optional<String> authority = Optional.of("key " + (k + 1));
      try {
        return Optional.of(checks.byKey(candidate, k + 1, policy.keys().get(k), image, now));
      } catch (Refusal r) {
        reasons.add(new Reason(number, authority, r.code(), r.getMessage()));
      } catch (RuntimeException e) {
        reasons.add(internalError(number, authority, e));
      }
    }
    if (policy.identities().isEmpty()) {
      return Optional.empty();
    }
    AuthorityChecks.Certified certified;
    try {
      certified = checks.keyless(candidate, image, now);
    } catch (Refusal r) {
      reasons.add(new Reason(number, Optional.of("keyless"), r.code(), r.getMessage()));
      return Optional.empty();
    } catch (RuntimeException e) {
      reasons.add(internalError(number, Optional.of("keyless"), e));
      return Optional.empty();
    }
    for (KeylessIdentity identity : policy.identities()) {
      try {
        return Optional.of(AuthorityChecks.identity(candidate, certified, identity));
      } catch (Refusal r) {
        reasons.add(
            new Reason(number, Optional.of(identity.authority()), r.code(), r.getMessage()));
      } catch (RuntimeException e) {
        reasons.add(internalError(number, Optional.of(identity.authority()), e));
      }
    }
    return Optional.empty();
  }

  private static Reason internalError(int number, Optional<String> authority, RuntimeException e) {
    return new Reason(
        number,
        authority,
        RefusalCode.INTERNAL_ERROR,
        "verification failed unexpectedly (" + e + "); refused, fail closed");
  }
}
