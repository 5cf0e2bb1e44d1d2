package dev.trustmirror.bundles;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code manifest.json} of an offline bundle: what was exported, from where, when, and the SHA-256
 * and length of every file. Written as deterministic JSON (keys sorted, two-space indent, {@code
 * \n} line ends, a final newline), so the same repository, source and time always give the same
 * bytes, and those bytes are what the admin signature covers.
 *
 * <p>The manifest is a packing list, not a trust anchor: importing verifies the repository with the
 * TUF client from the trust state, whatever the manifest says.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param created when the bundle was exported (the exporter's clock, whole seconds)
 * @param source where the exporter read the repository, without credentials
 * @param pinnedRootSha256 SHA-256 (hex) of the root the exporter verified from
 * @param contentHash {@link VerifiedRepository#contentHash()} of the exported repository (the
 *     directory publisher names generations by its first 12 characters)
 * @param roles each verified role's version and expiry, in the repository's order
 * @param files every file of {@code repository/} by published path
 */
public record BundleManifest(
    int formatVersion,
    Instant created,
    String source,
    String pinnedRootSha256,
    String contentHash,
    List<RoleInfo> roles,
    SortedMap<String, FileDigest> files) {

  /** The value of the {@code format} field. */
  public static final String FORMAT = "trust-mirror-offline-bundle";

  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * SHA-256 and length of one file.
   *
   * @param sha256 lowercase hex
   * @param length bytes
   */
  public record FileDigest(String sha256, long length) {
    public FileDigest {
      if (sha256 == null || !HEX64.matcher(sha256).matches() || length < 0) {
        throw new IllegalArgumentException("not a SHA-256 and length: " + sha256 + ", " + length);
      }
    }

    /** The digest of {@code bytes}. */
    public static FileDigest of(byte[] bytes) {
      return new FileDigest(sha256Hex(bytes), bytes.length);
    }
  }

  public BundleManifest {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(source, "source");
    requireHex(pinnedRootSha256, "pinnedRootSha256");
    requireHex(contentHash, "contentHash");
    roles = List.copyOf(roles);
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /**
   * The manifest of a verified repository.
   *
   * @param source where it was read, already without credentials
   * @param pinnedRoot the exact bytes of the root it was verified from
   * @param created the export time; truncated to whole seconds
   */
  public static BundleManifest of(
      VerifiedRepository repository, String source, byte[] pinnedRoot, Instant created) {
    SortedMap<String, FileDigest> files = new TreeMap<>();
    for (String path : repository.paths()) {
      files.put(path, FileDigest.of(repository.bytes(path)));
    }
    return new BundleManifest(
        FORMAT_VERSION,
        created.truncatedTo(ChronoUnit.SECONDS),
        source,
        sha256Hex(pinnedRoot),
        repository.contentHash(),
        repository.roles(),
        files);
  }

  /** The role with that name, if the manifest lists it. */
  public Optional<RoleInfo> role(String name) {
    return roles.stream().filter(r -> r.role().equals(name)).findFirst();
  }

  /** Sum of the lengths of all files. */
  public long totalBytes() {
    return files.values().stream().mapToLong(FileDigest::length).sum();
  }

  /** The deterministic JSON bytes (UTF-8). */
  public byte[] toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("contentHash", contentHash);
    root.put("created", created.toString());
    ObjectNode fileNodes = root.putObject("files");
    files.forEach(
        (path, d) -> fileNodes.putObject(path).put("length", d.length()).put("sha256", d.sha256()));
    root.put("format", FORMAT);
    root.put("formatVersion", formatVersion);
    root.put("pinnedRootSha256", pinnedRootSha256);
    ArrayNode roleNodes = root.putArray("roles");
    for (RoleInfo r : roles) {
      roleNodes
          .addObject()
          .put("expires", r.expires().toString())
          .put("role", r.role())
          .put("version", r.version());
    }
    root.put("source", source);
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    DefaultIndenter indent = new DefaultIndenter("  ", "\n");
    pretty.indentObjectsWith(indent);
    pretty.indentArraysWith(indent);
    try {
      String text = JSON.writer(pretty).writeValueAsString(root) + "\n";
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
  }

  /**
   * Parses {@code manifest.json} strictly: every field present with its type, no unknown or
   * duplicate field.
   *
   * @param bundle the bundle's name for messages
   * @throws BundleRefusedException MANIFEST_MALFORMED, or UNSUPPORTED_FORMAT for another format or
   *     version
   */
  public static BundleManifest parse(byte[] json, String bundle) throws BundleRefusedException {
    return new ManifestParser(bundle).parse(json, JSON);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static void requireHex(String value, String field) {
    if (value == null || !HEX64.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " is not a lowercase SHA-256 hex: " + value);
    }
  }
}
