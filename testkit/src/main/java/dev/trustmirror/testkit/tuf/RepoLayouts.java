package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.DELEGATED;
import static dev.trustmirror.testkit.tuf.RoleType.ROOT;
import static dev.trustmirror.testkit.tuf.RoleType.SNAPSHOT;
import static dev.trustmirror.testkit.tuf.RoleType.TARGETS;
import static dev.trustmirror.testkit.tuf.RoleType.TIMESTAMP;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The two file layouts of a repository state: as published on the CDN, and as kept in git. */
final class RepoLayouts {

  private RepoLayouts() {}

  /**
   * The published consistent-snapshot layout, as https://tuf-repo-cdn.sigstore.dev serves it:
   * {@code N.root.json} for every root, {@code timestamp.json}, {@code V.snapshot.json}, {@code
   * V.targets.json}, {@code V.<delegated>.json}, {@code targets/<sha256>.<name>} (a name with a
   * directory keeps it: {@code targets/<dir>/<sha256>.<base>}), and {@code <sha512>.<name>} too
   * when sha512 is listed.
   */
  static RepoFiles published(RepoBuilder repo) {
    RepoOptions options = repo.options();
    Map<String, byte[]> files = new TreeMap<>();
    for (int version = 1; version <= repo.version(ROOT); version++) {
      files.put(ROOT.publishedFileName(options, version), repo.metadata(ROOT, version));
    }
    for (RoleType role : List.of(TIMESTAMP, SNAPSHOT, TARGETS, DELEGATED)) {
      files.put(role.publishedFileName(options, repo.version(role)), repo.metadata(role));
    }
    putTargets(files, repo.targets(), options);
    putTargets(files, repo.delegatedTargets(), options);
    return RepoFiles.of(files);
  }

  /**
   * The tuf-on-ci git layout: {@code metadata/root.json}, {@code metadata/root_history/N.root.json}
   * for every root, {@code metadata/{timestamp,snapshot,targets,<delegated>}.json}, {@code
   * targets/<name>}.
   */
  static RepoFiles git(RepoBuilder repo) {
    RepoOptions options = repo.options();
    Map<String, byte[]> files = new TreeMap<>();
    files.put("metadata/root.json", repo.metadata(ROOT));
    for (int version = 1; version <= repo.version(ROOT); version++) {
      files.put("metadata/root_history/" + version + ".root.json", repo.metadata(ROOT, version));
    }
    for (RoleType role : List.of(TIMESTAMP, SNAPSHOT, TARGETS, DELEGATED)) {
      files.put("metadata/" + role.roleName(options) + ".json", repo.metadata(role));
    }
    repo.targets().forEach((name, content) -> files.put("targets/" + name, content));
    repo.delegatedTargets().forEach((name, content) -> files.put("targets/" + name, content));
    return RepoFiles.of(files);
  }

  /**
   * The published path of a target under its hash: {@code targets/<dir>/<hash>.<base>}. Names are
   * used as given, so an unsafe name gives an unsafe path (see {@link RepoFiles#writeTo}).
   */
  static String hashedTargetPath(String name, String hashHex) {
    int slash = name.lastIndexOf('/');
    return "targets/" + name.substring(0, slash + 1) + hashHex + "." + name.substring(slash + 1);
  }

  private static void putTargets(
      Map<String, byte[]> files, Map<String, byte[]> targets, RepoOptions options) {
    targets.forEach(
        (name, content) -> {
          files.put(hashedTargetPath(name, Digests.sha256Hex(content)), content);
          if (options.sha512()) {
            files.put(hashedTargetPath(name, Digests.sha512Hex(content)), content);
          }
        });
  }
}
