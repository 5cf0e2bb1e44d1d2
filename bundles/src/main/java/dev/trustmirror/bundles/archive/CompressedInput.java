package dev.trustmirror.bundles.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The archive as stored: counts its bytes against a bound and marks its own I/O failures, so that a
 * disk error is reported as such and not as a damaged archive.
 */
final class CompressedInput extends FilterInputStream {
  private final long max;
  private long count;

  CompressedInput(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  /** The bound. */
  long max() {
    return max;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IOException e) {
      throw new SourceFailure(e);
    }
    if (n > 0) {
      count += n;
      if (count > max) {
        throw new TooLarge();
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    int r = read(buf, 0, buf.length);
    return Math.max(r, 0);
  }

  /** The first throwable of {@code type} in the cause chain of {@code e}, or null. */
  static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The underlying stream failed; {@link #failure()} is its exception. */
  static final class SourceFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause);
    }

    IOException failure() {
      return (IOException) getCause();
    }
  }

  /** More compressed bytes than any archive within the limits needs. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
