package dev.trustmirror.tuf;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the files of a TUF repository come from, addressed by their path in the published layout
 * ({@code 3.root.json}, {@code timestamp.json}, {@code 165.snapshot.json}, {@code
 * targets/<sha256>.trusted_root.json}). Implementations do only I/O; all trust decisions are made
 * by {@link TufUpdater}.
 */
public interface RepositorySource extends AutoCloseable {

  /**
   * Reads one file of the published layout.
   *
   * @param path relative path in the published layout, never absolute, never containing {@code ..}
   * @param maxLength the largest number of bytes the caller accepts for this file
   * @return the exact bytes, or empty when the source does not have the file (HTTP 404, no such
   *     file)
   * @throws FileTooLargeException when the file is longer than {@code maxLength}
   * @throws SourceUnavailableException when the source cannot be read (connection refused, 5xx,
   *     timeout, repository removed): a transport failure, never a security refusal
   */
  Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException;

  /** A human-readable name of this source for messages ({@code https://mirror/...}). */
  String describe();

  /**
   * Brings the source to a consistent point before an update (e.g. a git fetch). Directory and HTTP
   * sources do nothing.
   */
  default void prepare() throws SourceUnavailableException {}

  /**
   * True when {@link #fetch} may be called from several threads at once (then targets are
   * downloaded in parallel).
   */
  default boolean concurrentFetch() {
    return false;
  }

  @Override
  default void close() throws IOException {}
}
