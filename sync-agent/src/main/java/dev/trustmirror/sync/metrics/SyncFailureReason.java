package dev.trustmirror.sync.metrics;

import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The short, machine-readable reason of a failed sync attempt, in the same UpperCamelCase form as
 * {@link TufRefusalException#reason()}: the refusal's own reason ({@code Rollback}, {@code
 * HashMismatch}, {@code ArchivePathTraversal}...) for a security refusal, {@code SourceUnavailable}
 * for a transport failure, {@code NoTrustState} when there is neither a trust state nor a pinned
 * root, {@code IOError} for any other I/O failure (disk, lock held by another sync) and {@code
 * Internal} for anything else. Used as the {@code reason} label of {@code
 * trustmirror_sync_failures_total}, and fit for a Kubernetes condition reason.
 */
public final class SyncFailureReason {
  static final String SOURCE_UNAVAILABLE = "SourceUnavailable";
  static final String NO_TRUST_STATE = "NoTrustState";
  static final String IO_ERROR = "IOError";
  static final String INTERNAL = "Internal";
  // A label value is part of a series' identity: keep it short and plain whatever a refusal says.
  private static final Pattern PLAIN = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

  private SyncFailureReason() {}

  /** The reason of {@code failure}; never empty. */
  public static String of(Throwable failure) {
    if (failure instanceof TufRefusalException refusal) {
      return plain(refusal.reason());
    }
    if (failure instanceof SourceUnavailableException
        && failure.getCause() instanceof TufRefusalException refusal) {
      // A bundle refused while a source was being prepared travels as "unavailable" because
      // RepositorySource.prepare() can only throw that; it is still a refusal.
      return plain(refusal.reason());
    }
    if (failure instanceof SourceUnavailableException) {
      return SOURCE_UNAVAILABLE;
    }
    if (failure instanceof SyncAgent.NoTrustStateException) {
      return NO_TRUST_STATE;
    }
    if (failure instanceof IOException) {
      return IO_ERROR;
    }
    return INTERNAL;
  }

  private static String plain(String reason) {
    return reason != null && PLAIN.matcher(reason).matches() ? reason : "Refused";
  }
}
