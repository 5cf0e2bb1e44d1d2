package dev.trustmirror.bundles.archive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One 512-byte POSIX ustar header, parsed strictly and without normalizing anything: the path is
 * exactly the bytes of the {@code prefix} and {@code name} fields, so an absolute or {@code ..}
 * path is seen as such. Only the fields a reader of plain files needs are kept.
 *
 * @param path {@code prefix/name}, or {@code name} when the prefix is empty
 * @param type the typeflag byte ({@code '0'} regular file, {@code '2'} symbolic link, {@code 'x'}
 *     POSIX extended header...)
 * @param size the size field
 * @param linkName the link target of a link entry, empty otherwise
 */
record TarHeader(String path, byte type, long size, String linkName) {
  static final int BLOCK = 512;
  private static final byte[] USTAR_MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USTAR_VERSION = "00".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GNU_MAGIC = "ustar  \0".getBytes(StandardCharsets.US_ASCII);

  /** True when every byte of the block is zero: an end-of-archive block. */
  static boolean isZeroBlock(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a header block.
   *
   * @throws ArchiveRefusedException CORRUPT when the checksum, magic or a number is wrong,
   *     UNSUPPORTED_HEADER for a GNU-format header, INVALID_PATH when a path is not UTF-8
   */
  static TarHeader parse(byte[] block, String archive, long offset) throws ArchiveRefusedException {
    String at = " (header at decompressed offset " + offset + ")";
    long expected = octal(block, 148, 8, "checksum", archive, at);
    if (checksum(block) != expected) {
      throw new ArchiveRefusedException(
          ArchiveRefusedException.Rule.CORRUPT,
          archive,
          null,
          "a tar header's checksum is wrong" + at + ": the archive is damaged");
    }
    if (Arrays.equals(block, 257, 265, GNU_MAGIC, 0, 8)) {
      throw new ArchiveRefusedException(
          ArchiveRefusedException.Rule.UNSUPPORTED_HEADER,
          archive,
          null,
          "a GNU tar header" + at + "; this archive format is POSIX ustar only");
    }
    if (!Arrays.equals(block, 257, 263, USTAR_MAGIC, 0, 6)
        || !Arrays.equals(block, 263, 265, USTAR_VERSION, 0, 2)) {
      throw new ArchiveRefusedException(
          ArchiveRefusedException.Rule.CORRUPT,
          archive,
          null,
          "a tar header without the POSIX ustar magic" + at);
    }
    String name = text(block, 0, 100, archive);
    String prefix = text(block, 345, 155, archive);
    String path = prefix.isEmpty() ? name : prefix + "/" + name;
    return new TarHeader(
        path,
        block[156],
        octal(block, 124, 12, "size", archive, at),
        text(block, 157, 100, archive));
  }

  /** Sum of all bytes, unsigned, with the checksum field counted as spaces (POSIX ustar). */
  private static long checksum(byte[] block) {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
    }
    return sum;
  }

  /**
   * An octal field: optional leading spaces, octal digits, then spaces or NULs to the end. Base-256
   * (binary) numbers are refused: they only serve sizes above 8 GiB, far beyond any limit.
   */
  private static long octal(byte[] block, int off, int len, String field, String archive, String at)
      throws ArchiveRefusedException {
    int i = off;
    int end = off + len;
    while (i < end && block[i] == ' ') {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < end && block[i] >= '0' && block[i] <= '7') {
      value = (value << 3) + (block[i] - '0');
      digits++;
      i++;
    }
    boolean rest = true;
    for (int j = i; j < end; j++) {
      rest &= block[j] == ' ' || block[j] == 0;
    }
    if (digits == 0 || digits > 11 || !rest) {
      throw new ArchiveRefusedException(
          ArchiveRefusedException.Rule.CORRUPT,
          archive,
          null,
          "a tar header's " + field + " field is not an octal number" + at);
    }
    return value;
  }

  /** A NUL-terminated (or full-width) UTF-8 field, decoded strictly. */
  private static String text(byte[] block, int off, int len, String archive)
      throws ArchiveRefusedException {
    int end = off;
    while (end < off + len && block[end] != 0) {
      end++;
    }
    return utf8(Arrays.copyOfRange(block, off, end), archive);
  }

  /** Strict UTF-8: a path that is not valid UTF-8 is refused rather than patched up. */
  static String utf8(byte[] bytes, String archive) throws ArchiveRefusedException {
    boolean ascii = true;
    for (byte b : bytes) {
      ascii &= b >= 0;
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ArchiveRefusedException(
          ArchiveRefusedException.Rule.INVALID_PATH,
          archive,
          null,
          "a tar header holds a name that is not valid UTF-8");
    }
  }
}
