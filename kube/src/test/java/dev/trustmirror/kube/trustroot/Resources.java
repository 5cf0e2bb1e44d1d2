package dev.trustmirror.kube.trustroot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.bundles.archive.DeterministicTarGzWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Taking generated resources apart and putting (possibly hostile) ones together, for tests. */
final class Resources {
  static final ObjectMapper JSON = new ObjectMapper();

  private Resources() {}

  /** The resource's JSON as a tree, to edit. */
  static ObjectNode tree(GeneratedTrustRoot generated) {
    try {
      return (ObjectNode) JSON.readTree(generated.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] json(JsonNode tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode repository(ObjectNode tree) {
    return (ObjectNode) tree.path("spec").path("repository");
  }

  static byte[] decode(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A mirrorFS with these entries (names as given), written the way the generator writes. */
  static byte[] tarGz(SortedMap<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      DeterministicTarGzWriter.write(entries, Instant.EPOCH, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A mirrorFS holding {@code files} under {@code repository/}. */
  static byte[] mirrorFs(Map<String, byte[]> files) {
    SortedMap<String, byte[]> entries = new TreeMap<>();
    files.forEach((path, bytes) -> entries.put("repository/" + path, bytes));
    return tarGz(entries);
  }

  /**
   * A tar.gz read with commons-compress, which nobody here wrote: each entry's name, type, mode,
   * mtime and bytes.
   */
  record Entry(String name, boolean regularFile, int mode, long mtime, byte[] bytes) {}

  static Map<String, Entry> readWithCommonsCompress(byte[] tarGz) {
    Map<String, Entry> entries = new TreeMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(
            e.getName(),
            new Entry(
                e.getName(),
                e.isFile(),
                e.getMode(),
                e.getModTime().toInstant().getEpochSecond(),
                tar.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** Where an entry's data lies in the uncompressed tar stream. */
  record Placement(String name, long start, long size, char type) {}

  /**
   * Walks the uncompressed tar stream block by block (ustar headers, POSIX {@code path} records),
   * independently of any tar library, and says where each entry's data starts.
   */
  static List<Placement> placements(byte[] tarGz) {
    byte[] tar;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
      tar = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Placement> out = new ArrayList<>();
    String paxPath = null;
    int pos = 0;
    while (pos + 512 <= tar.length && !isZero(tar, pos)) {
      String name = field(tar, pos, 100);
      long size = Long.parseLong(field(tar, pos + 124, 12).trim(), 8);
      char type = (char) tar[pos + 156];
      if (type == 'x') {
        String records = new String(tar, pos + 512, (int) size, StandardCharsets.UTF_8);
        for (String record : records.split("\n")) {
          if (record.contains(" path=")) {
            paxPath = record.substring(record.indexOf(" path=") + 6);
          }
        }
      } else {
        out.add(new Placement(paxPath != null ? paxPath : name, pos + 512L, size, type));
        paxPath = null;
      }
      pos += 512 + (int) ((size + 511) / 512 * 512);
    }
    return out;
  }

  private static boolean isZero(byte[] b, int from) {
    for (int i = from; i < from + 512; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] b, int from, int length) {
    int end = from;
    while (end < from + length && b[end] != 0) {
      end++;
    }
    return new String(b, from, end - from, StandardCharsets.UTF_8);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
