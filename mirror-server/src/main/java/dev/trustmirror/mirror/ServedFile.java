package dev.trustmirror.mirror;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One file of a served generation as pre-built responses: the exact verified bytes and, when it is
 * smaller, their gzip encoding, each with its own strong entity tag and {@code Content-Length},
 * plus the headers that depend only on the path. Nothing is computed per request.
 *
 * @param path the repository path, without a leading slash
 * @param pathClass its class, which decides the caching rule
 * @param contentType {@code application/json} for metadata, {@code application/octet-stream} for
 *     targets and anything else
 * @param cacheControl the {@code Cache-Control} value
 * @param identity the exact bytes
 * @param gzip the gzip encoding, when it saves space
 */
record ServedFile(
    String path,
    PathClass pathClass,
    CharSequence contentType,
    CharSequence cacheControl,
    Variant identity,
    Optional<Variant> gzip) {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence OCTETS =
      HttpHeaders.createOptimized("application/octet-stream");

  /**
   * One representation of the file.
   *
   * @param body the bytes sent; shared by all requests (Vert.x sends a slice of it)
   * @param etag the quoted entity tag: {@code "sha256-<hex of the exact file>"}, with {@code -gz}
   *     appended for the gzip encoding, so that a cache never confuses the two
   * @param contentLength the body length as a header value
   */
  record Variant(Buffer body, CharSequence etag, CharSequence contentLength) {
    static Variant of(byte[] bytes, String etag) {
      return new Variant(
          Buffer.buffer(bytes),
          HttpHeaders.createOptimized(etag),
          HttpHeaders.createOptimized(Integer.toString(bytes.length)));
    }

    int length() {
      return body.length();
    }
  }

  /** Builds the responses for one file of the published layout. */
  static ServedFile of(String path, byte[] bytes) {
    return of(path, bytes, sha256Hex(bytes));
  }

  /** As {@link #of(String, byte[])}, with the SHA-256 of {@code bytes} already known. */
  static ServedFile of(String path, byte[] bytes, String sha256Hex) {
    PathClass pathClass = PathClass.of(path);
    boolean metadata = !path.contains("/") && path.endsWith(".json");
    String etag = "\"sha256-" + sha256Hex + "\"";
    byte[] gz = gzip(bytes);
    Optional<Variant> gzip =
        gz.length < bytes.length
            ? Optional.of(Variant.of(gz, etag.substring(0, etag.length() - 1) + "-gz\""))
            : Optional.empty();
    return new ServedFile(
        path,
        pathClass,
        metadata ? JSON : OCTETS,
        HttpHeaders.createOptimized(pathClass.cacheControl()),
        Variant.of(bytes, etag),
        gzip);
  }

  /** Whether this file and {@code sha256Hex} have the same bytes. */
  boolean hasSha256(String sha256Hex) {
    String etag = identity.etag().toString();
    return etag.length() == sha256Hex.length() + 9 && etag.startsWith(sha256Hex, 8);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Gzip at the best compression: done once per file and generation, never per request. */
  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream gz = new BestGzipOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static final class BestGzipOutputStream extends GZIPOutputStream {
    BestGzipOutputStream(ByteArrayOutputStream out) throws IOException {
      super(out);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }
}
