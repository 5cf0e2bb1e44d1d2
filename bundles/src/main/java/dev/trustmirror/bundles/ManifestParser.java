package dev.trustmirror.bundles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.bundles.BundleManifest.FileDigest;
import dev.trustmirror.tuf.RoleInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads {@code manifest.json} strictly; every problem is a MANIFEST_MALFORMED refusal. */
final class ManifestParser {
  private static final Set<String> FIELDS =
      Set.of(
          "contentHash",
          "created",
          "files",
          "format",
          "formatVersion",
          "pinnedRootSha256",
          "roles",
          "source");
  private final String bundle;

  ManifestParser(String bundle) {
    this.bundle = bundle;
  }

  BundleManifest parse(byte[] json, ObjectMapper mapper) throws BundleRefusedException {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed("it is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed("it is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw malformed("it is not a JSON object");
    }
    // The format first: a newer bundle should say "unsupported version", not "unknown field".
    String format = text(root, "format");
    JsonNode version = root.get("formatVersion");
    if (!BundleManifest.FORMAT.equals(format)
        || version == null
        || !version.isInt()
        || version.intValue() != BundleManifest.FORMAT_VERSION) {
      throw new BundleRefusedException(
          BundleRefusedException.Rule.UNSUPPORTED_FORMAT,
          bundle,
          OfflineBundle.MANIFEST,
          "its format is '"
              + format
              + "' version "
              + version
              + "; this trust-mirror reads '"
              + BundleManifest.FORMAT
              + "' version "
              + BundleManifest.FORMAT_VERSION);
    }
    requireFields(root, FIELDS, "the manifest");
    try {
      return new BundleManifest(
          version.intValue(),
          instant(root, "created"),
          text(root, "source"),
          text(root, "pinnedRootSha256"),
          text(root, "contentHash"),
          roles(root.get("roles")),
          files(root.get("files")));
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private List<RoleInfo> roles(JsonNode node) throws BundleRefusedException {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw malformed("'roles' is not a non-empty array");
    }
    List<RoleInfo> roles = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (JsonNode r : node) {
      requireFields(r, Set.of("expires", "role", "version"), "a role");
      String name = text(r, "role");
      JsonNode version = r.get("version");
      if (!version.isInt() || version.intValue() < 1) {
        throw malformed("the version of role '" + name + "' is not a positive integer");
      }
      if (!seen.add(name)) {
        throw malformed("the role '" + name + "' is listed twice");
      }
      roles.add(new RoleInfo(name, version.intValue(), instant(r, "expires")));
    }
    return roles;
  }

  private TreeMap<String, FileDigest> files(JsonNode node) throws BundleRefusedException {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw malformed("'files' is not a non-empty object");
    }
    TreeMap<String, FileDigest> files = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode f = e.getValue();
      requireFields(f, Set.of("length", "sha256"), "the file '" + e.getKey() + "'");
      JsonNode length = f.get("length");
      if (!length.canConvertToLong() || !length.isIntegralNumber()) {
        throw malformed("the length of '" + e.getKey() + "' is not an integer");
      }
      files.put(e.getKey(), new FileDigest(text(f, "sha256"), length.longValue()));
    }
    return files;
  }

  private void requireFields(JsonNode node, Set<String> fields, String what)
      throws BundleRefusedException {
    if (node == null || !node.isObject()) {
      throw malformed(what + " is not a JSON object");
    }
    Set<String> present = new TreeSet<>();
    node.fieldNames().forEachRemaining(present::add);
    if (!present.equals(new TreeSet<>(fields))) {
      throw malformed(what + " has the fields " + present + ", expected " + new TreeSet<>(fields));
    }
  }

  private String text(JsonNode node, String field) throws BundleRefusedException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed("'" + field + "' is not a string");
    }
    return v.textValue();
  }

  private Instant instant(JsonNode node, String field) throws BundleRefusedException {
    String text = text(node, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw malformed("'" + field + "' is not an ISO-8601 instant: '" + text + "'");
    }
  }

  private BundleRefusedException malformed(String why) {
    return new BundleRefusedException(
        BundleRefusedException.Rule.MANIFEST_MALFORMED, bundle, OfflineBundle.MANIFEST, why);
  }
}
