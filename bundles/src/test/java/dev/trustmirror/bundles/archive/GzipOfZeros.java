package dev.trustmirror.bundles.archive;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream of {@code prefix} followed by {@code zeros} zero bytes, compressed lazily as it is
 * read: a decompression bomb of any size that costs neither memory nor disk. A reader that stops
 * early compresses only what it read.
 */
final class GzipOfZeros extends InputStream {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};
  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private final CRC32 crc = new CRC32();
  private final byte[] prefix;
  private final long zeros;
  private final byte[] zeroChunk = new byte[1 << 20];
  private boolean prefixGiven;
  private long zerosGiven;
  private long size;
  private int headerPos;
  private byte[] trailer;
  private int trailerPos;

  GzipOfZeros(byte[] prefix, long zeros) {
    this.prefix = prefix.clone();
    this.zeros = zeros;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (headerPos < HEADER.length) {
      int n = Math.min(len, HEADER.length - headerPos);
      System.arraycopy(HEADER, headerPos, b, off, n);
      headerPos += n;
      return n;
    }
    while (!deflater.finished()) {
      if (deflater.needsInput()) {
        feed();
      }
      int n = deflater.deflate(b, off, len);
      if (n > 0) {
        return n;
      }
    }
    if (trailer == null) {
      trailer =
          ByteBuffer.allocate(8)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt((int) crc.getValue())
              .putInt((int) size)
              .array();
    }
    if (trailerPos == trailer.length) {
      return -1;
    }
    int n = Math.min(len, trailer.length - trailerPos);
    System.arraycopy(trailer, trailerPos, b, off, n);
    trailerPos += n;
    return n;
  }

  /** How many of the zeros were compressed so far: what the reader made this stream produce. */
  long zerosCompressed() {
    return zerosGiven;
  }

  private void feed() {
    if (!prefixGiven) {
      prefixGiven = true;
      give(prefix, prefix.length);
    } else if (zerosGiven < zeros) {
      int n = (int) Math.min(zeroChunk.length, zeros - zerosGiven);
      zerosGiven += n;
      give(zeroChunk, n);
    } else {
      deflater.finish();
    }
  }

  private void give(byte[] data, int n) {
    crc.update(data, 0, n);
    size += n;
    deflater.setInput(data, 0, n);
  }
}
