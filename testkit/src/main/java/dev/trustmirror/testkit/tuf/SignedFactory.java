package dev.trustmirror.testkit.tuf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the {@code signed} part of each role's metadata (TUF specification 1.0, section 4). */
final class SignedFactory {

  static final String SPEC_VERSION = "1.0";

  private SignedFactory() {}

  /** Root: keys, the four top-level roles with keyids and thresholds, consistent snapshots on. */
  static ObjectNode root(int version, Instant expires, RepoKeys keys, RepoOptions options) {
    ObjectNode signed = common("root", version, expires);
    signed.put("consistent_snapshot", true);
    ObjectNode keyObjects = signed.putObject("keys");
    ObjectNode roles = signed.putObject("roles");
    addRole(roles, keyObjects, "root", keys.root(), options.rootThreshold());
    addRole(roles, keyObjects, "snapshot", List.of(keys.snapshot()), 1);
    addRole(roles, keyObjects, "targets", keys.targets(), options.targetsThreshold());
    addRole(roles, keyObjects, "timestamp", List.of(keys.timestamp()), 1);
    return signed;
  }

  /** Top-level targets: its targets and the delegation of {@code <delegated>/*}. */
  static ObjectNode targets(
      int version,
      Instant expires,
      Map<String, TargetFile> targets,
      TestKey delegatedKey,
      RepoOptions options) {
    ObjectNode signed = targetsWithoutDelegations(version, expires, targets, options);
    ObjectNode delegations = signed.putObject("delegations");
    delegations.putObject("keys").set(delegatedKey.keyId(), delegatedKey.tufKey());
    ObjectNode role = delegations.putArray("roles").addObject();
    role.putArray("keyids").add(delegatedKey.keyId());
    role.put("name", options.delegatedRole());
    role.putArray("paths").add(options.delegatedRole() + "/*");
    role.put("terminating", true);
    role.put("threshold", 1);
    return signed;
  }

  /** Targets metadata without delegations: what the delegated role signs. */
  static ObjectNode targetsWithoutDelegations(
      int version, Instant expires, Map<String, TargetFile> targets, RepoOptions options) {
    ObjectNode signed = common("targets", version, expires);
    ObjectNode entries = signed.putObject("targets");
    targets.forEach((name, file) -> entries.set(name, targetEntry(file, options)));
    return signed;
  }

  /** Snapshot: {@code meta} lists the current targets and delegated metadata of {@code repo}. */
  static ObjectNode snapshot(int version, Instant expires, RepoBuilder repo) {
    ObjectNode signed = common("snapshot", version, expires);
    ObjectNode meta = signed.putObject("meta");
    for (RoleType role : List.of(RoleType.TARGETS, RoleType.DELEGATED)) {
      meta.set(
          role.roleName(repo.options()) + ".json",
          metaEntry(
              repo.version(role),
              repo.metadata(role),
              repo.options().snapshotListsTargetsHashes()));
    }
    return signed;
  }

  /** Timestamp: {@code meta} lists the current {@code snapshot.json} of {@code repo} only. */
  static ObjectNode timestamp(int version, Instant expires, RepoBuilder repo) {
    ObjectNode signed = common("timestamp", version, expires);
    signed
        .putObject("meta")
        .set(
            "snapshot.json",
            metaEntry(
                repo.version(RoleType.SNAPSHOT),
                repo.metadata(RoleType.SNAPSHOT),
                repo.options().timestampListsSnapshotHashes()));
    return signed;
  }

  /** A snapshot/timestamp {@code meta} entry: version, and optionally length and sha256. */
  static ObjectNode metaEntry(int version, byte[] file, boolean withLengthAndHashes) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    if (withLengthAndHashes) {
      entry.put("length", file.length);
      entry.putObject("hashes").put("sha256", Digests.sha256Hex(file));
    }
    entry.put("version", version);
    return entry;
  }

  private static ObjectNode targetEntry(TargetFile file, RepoOptions options) {
    byte[] content = file.content();
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    file.custom().ifPresent(custom -> entry.set("custom", custom));
    ObjectNode hashes = entry.putObject("hashes");
    hashes.put("sha256", Digests.sha256Hex(content));
    if (options.sha512()) {
      hashes.put("sha512", Digests.sha512Hex(content));
    }
    entry.put("length", content.length);
    return entry;
  }

  private static void addRole(
      ObjectNode roles, ObjectNode keyObjects, String name, List<TestKey> keys, int threshold) {
    ObjectNode role = roles.putObject(name);
    ArrayNode keyIds = role.putArray("keyids");
    for (TestKey key : keys) {
      keyIds.add(key.keyId());
      keyObjects.set(key.keyId(), key.tufKey());
    }
    role.put("threshold", threshold);
  }

  private static ObjectNode common(String type, int version, Instant expires) {
    ObjectNode signed = JsonNodeFactory.instance.objectNode();
    signed.put("_type", type);
    signed.put("expires", MetadataJson.expires(expires));
    signed.put("spec_version", SPEC_VERSION);
    signed.put("version", version);
    return signed;
  }
}
