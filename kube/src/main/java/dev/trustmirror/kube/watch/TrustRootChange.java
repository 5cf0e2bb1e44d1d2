package dev.trustmirror.kube.watch;

import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.tuf.TufRefusalException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrustRootWatcher} made of one state of the watched {@code TrustRoot}: accepted
 * (verified), refused, or missing. Only {@link Accepted} replaces what the caller serves; the other
 * two leave the last accepted resource in place.
 */
public sealed interface TrustRootChange {

  /** The resource's {@code metadata.name}. */
  String name();

  /**
   * The resource passed the full TUF verification from the watcher's anchor (the configured one
   * first, then the trust state of the previous accepted read).
   *
   * @param root the verified resource
   */
  record Accepted(VerifiedTrustRoot root) implements TrustRootChange {
    /** Checks the argument. */
    public Accepted {
      Objects.requireNonNull(root, "root");
    }

    @Override
    public String name() {
      return root.name();
    }
  }

  /**
   * The resource did not verify: tampered, malformed, older than the last accepted one (rollback),
   * or the verification failed unexpectedly (refused too: fail closed).
   *
   * @param name the resource's name
   * @param resourceVersion the refused state's {@code metadata.resourceVersion}
   * @param cause a {@link TufRefusalException} (one class per rule), or the unexpected failure
   */
  record Refused(String name, Optional<String> resourceVersion, Exception cause)
      implements TrustRootChange {
    /** Checks the arguments. */
    public Refused {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(resourceVersion, "resourceVersion");
      Objects.requireNonNull(cause, "cause");
    }

    /**
     * The refusal's reason ({@link TufRefusalException#reason()}, e.g. {@code Rollback}, {@code
     * HashMismatch}, {@code TrustRootBadBase64}), or {@code VerificationFailed} for an unexpected
     * failure.
     */
    public String reason() {
      return cause instanceof TufRefusalException refusal ? refusal.reason() : "VerificationFailed";
    }
  }

  /**
   * The resource does not exist.
   *
   * @param name the resource's name
   * @param deleted whether it existed before (deleted while watched) rather than never seen
   */
  record Missing(String name, boolean deleted) implements TrustRootChange {
    /** Checks the argument. */
    public Missing {
      Objects.requireNonNull(name, "name");
    }
  }
}
