package dev.trustmirror.bench;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link RepositorySource} that counts the files asked of the source it wraps. */
final class CountingSource implements RepositorySource {
  private final RepositorySource delegate;
  private final AtomicLong fetches = new AtomicLong();

  CountingSource(RepositorySource delegate) {
    this.delegate = delegate;
  }

  /** How many files were asked for so far. */
  long fetches() {
    return fetches.get();
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    fetches.incrementAndGet();
    return delegate.fetch(path, maxLength);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void prepare() throws SourceUnavailableException {
    delegate.prepare();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
