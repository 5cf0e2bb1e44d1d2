package dev.trustmirror.verifier.image;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.registry.RegistryUnavailableException;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.util.Objects;

/**
 * The result of verifying one image reference: a value, never an exception. Either a {@link Judged}
 * verdict (verified or refused, with every reason), or no verdict at all because the registry
 * refused what was asked ({@link RegistryRefused}) or could not be reached ({@link
 * RegistryUnavailable}). The last is a transport failure: "the registry is down", not "someone is
 * attacking", and it is never cached.
 */
public sealed interface ImageVerification
    permits ImageVerification.Judged,
        ImageVerification.RegistryRefused,
        ImageVerification.RegistryUnavailable {

  /** The four outcomes; the CLI exits 0, 1, 1 and 3 for them. */
  enum Outcome {
    /** A signature satisfied the policy. */
    VERIFIED,
    /** No signature satisfied the policy (the verdict lists why). */
    REFUSED,
    /**
     * The registry answered, and the answer cannot be used: credentials required or rejected, image
     * not found, content that does not match its digest, an untrusted TLS certificate.
     */
    REGISTRY_REFUSED,
    /** The registry could not be reached: connection failure, timeout, HTTP 5xx or 429. */
    REGISTRY_UNAVAILABLE
  }

  /** The reference that was verified, as given. */
  ImageReference reference();

  /** Which outcome. */
  Outcome outcome();

  /** Whether the image verified. */
  default boolean verified() {
    return outcome() == Outcome.VERIFIED;
  }

  /**
   * A verdict on the image's signatures.
   *
   * @param reference the reference as given
   * @param digest the digest it resolved to, which the signatures were checked against
   * @param verdict the verdict
   * @param fromCache whether the verdict was served from the verdict cache
   */
  record Judged(ImageReference reference, Digest digest, Verdict verdict, boolean fromCache)
      implements ImageVerification {
    public Judged {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(verdict, "verdict");
    }

    @Override
    public Outcome outcome() {
      return verdict.verified() ? Outcome.VERIFIED : Outcome.REFUSED;
    }
  }

  /**
   * The registry refused a read the verification needs (the image itself, or access to its
   * signatures).
   *
   * @param reference the reference as given
   * @param refusal the typed refusal, with its location and reason
   */
  record RegistryRefused(ImageReference reference, RegistryRefusalException refusal)
      implements ImageVerification {
    public RegistryRefused {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(refusal, "refusal");
    }

    @Override
    public Outcome outcome() {
      return Outcome.REGISTRY_REFUSED;
    }
  }

  /**
   * The registry could not be reached.
   *
   * @param reference the reference as given
   * @param failure the transport failure, with the URL and the last HTTP status, if any
   */
  record RegistryUnavailable(ImageReference reference, RegistryUnavailableException failure)
      implements ImageVerification {
    public RegistryUnavailable {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public Outcome outcome() {
      return Outcome.REGISTRY_UNAVAILABLE;
    }
  }
}
