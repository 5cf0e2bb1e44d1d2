package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.TARGETS;
import static dev.trustmirror.testkit.tuf.RoleType.TIMESTAMP;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.testkit.tuf.RepoScenario.Expectation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Faulty files: targets whose bytes do not match their metadata, files far bigger than allowed,
 * malformed metadata, and target names that would escape a client's directory. Each method derives
 * a {@link RepoScenario} from a copy of the repository's current state ({@code before}); faults in
 * targets come with a changed {@code trusted_root.json}, so a client that synced {@code before}
 * must download it again.
 */
public final class FileAttacks {

  /** Default size of the oversize variants: 5 MiB. */
  public static final int DEFAULT_OVERSIZE_BYTES = 5 * 1024 * 1024;

  /** The target that the target-file faults change. */
  public static final String TARGET = "trusted_root.json";

  /** Ways to break a metadata file. */
  public enum Malformation {
    /** The first half of the file: not JSON. */
    TRUNCATED,
    /** Validly signed, but {@code version} is a string and the role's main object an array. */
    WRONG_TYPES,
    /** Only {@code signatures}, no {@code signed}. */
    MISSING_SIGNED
  }

  /** Target names that a client must not turn into a file path. */
  public enum UnsafeTargetName {
    /** Climbs out of the targets directory. */
    PARENT_TRAVERSAL("../../../../tmp/trust-mirror-escape.json"),
    /** An absolute path. */
    ABSOLUTE("/etc/passwd"),
    /** A NUL byte, which C-level file APIs would cut the name at. */
    NUL("trusted_root.json\u0000.evil");

    private final String targetName;

    UnsafeTargetName(String targetName) {
      this.targetName = targetName;
    }

    /** The target name as signed into targets metadata. */
    public String targetName() {
      return targetName;
    }
  }

  private final RepoBuilder repo;

  private FileAttacks(RepoBuilder repo) {
    this.repo = repo;
  }

  /** Attacks derived from the current state of {@code repo}. */
  public static FileAttacks on(RepoBuilder repo) {
    return new FileAttacks(repo);
  }

  /** New {@code trusted_root.json} is signed, but the served file has one byte changed. */
  public RepoScenario targetHashMismatch() {
    byte[] content = newTargetContent();
    RepoBuilder attack = repo.copy().addOrChangeTarget(TARGET, content);
    return refuse(
        "target-hash-mismatch",
        "TUF 5.7.3: the target's hashes must match its targets metadata",
        servedTarget(attack, content, Tamper.corruptLastByte(content)));
  }

  /**
   * New {@code trusted_root.json} is signed with its correct hashes but a {@code length} one byte
   * short of the served file.
   */
  public RepoScenario targetLengthMismatch() {
    byte[] content = newTargetContent();
    RepoBuilder attack = repo.copy();
    attack.editNextFile(
        TARGETS,
        file ->
            Tamper.editSigned(
                file,
                signed -> {
                  ObjectNode entry = (ObjectNode) signed.get("targets").get(TARGET);
                  entry.put("length", content.length - 1);
                  return signed;
                },
                attack.keys().targets()));
    attack.addOrChangeTarget(TARGET, content);
    return refuse(
        "target-length-mismatch",
        "TUF 5.7.3: download at most the target's length, which must match",
        attack.published());
  }

  /** New {@code trusted_root.json} is signed at its small size; the served file is {@code size}. */
  public RepoScenario oversizeTarget(int size) {
    byte[] content = newTargetContent();
    RepoBuilder attack = repo.copy().addOrChangeTarget(TARGET, content);
    return refuse(
        "oversize-target",
        "TUF 5.7.3: download at most the target's length",
        servedTarget(attack, content, Tamper.padWithZeros(content, size)));
  }

  /** A new timestamp, validly signed, padded with whitespace to {@code size} bytes. */
  public RepoScenario oversizeTimestamp(int size) {
    RepoBuilder attack = repo.copy().bumpTimestamp();
    return new RepoScenario(
        "oversize-timestamp",
        "TUF 5.4.1: download timestamp.json up to a fixed limit of bytes",
        TIMESTAMP,
        Expectation.REFUSE,
        repo.published(),
        attack.published().map("timestamp.json", f -> Tamper.padWithWhitespace(f, size)),
        repo.now());
  }

  /** New targets metadata, validly signed, padded with whitespace to {@code size} bytes. */
  public RepoScenario oversizeTargetsMetadata(int size) {
    RepoBuilder attack = repo.copy().bumpTargets();
    String name = TARGETS.publishedFileName(repo.options(), attack.version(TARGETS));
    return refuse(
        "oversize-targets-metadata",
        "TUF 5.6.1: download targets metadata up to its snapshot length or a fixed limit",
        attack.published().map(name, f -> Tamper.padWithWhitespace(f, size)));
  }

  /** The next version of {@code role} made unparseable or ill-typed as {@code kind} says. */
  public RepoScenario malformed(RoleType role, Malformation kind) {
    RepoBuilder attack = repo.copy();
    List<TestKey> signers = attack.keys().forRole(role);
    attack.editNextFile(role, file -> malform(file, kind, role, signers));
    attack.bump(role);
    return new RepoScenario(
        lower(role) + "-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        "TUF 4: " + role.roleName(repo.options()) + " metadata must be a well-formed signed object",
        role,
        Expectation.REFUSE,
        repo.published(),
        attack.published(),
        repo.now());
  }

  /**
   * A new top-level target with an unsafe name, validly signed (only the name is wrong). Its
   * published file path is unsafe too, so {@link RepoFiles#writeTo} may skip it.
   */
  public RepoScenario unsafeTargetName(UnsafeTargetName name) {
    RepoBuilder attack = repo.copy().addOrChangeTarget(name.targetName(), newTargetContent());
    return refuse(
        "target-name-" + name.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        "TUF 5.7.3 writes a target as FILENAME.EXT in the client's directory: a name that is"
            + " absolute, climbs with '..' or holds NUL must be refused",
        attack.published());
  }

  /** Every refusal scenario of this class; oversize variants are {@code oversizeBytes} big. */
  public List<RepoScenario> allRefusals(int oversizeBytes) {
    List<RepoScenario> all = new ArrayList<>();
    all.add(targetHashMismatch());
    all.add(targetLengthMismatch());
    all.add(oversizeTarget(oversizeBytes));
    all.add(oversizeTimestamp(oversizeBytes));
    all.add(oversizeTargetsMetadata(oversizeBytes));
    for (RoleType role : RoleType.values()) {
      for (Malformation kind : Malformation.values()) {
        all.add(malformed(role, kind));
      }
    }
    for (UnsafeTargetName name : UnsafeTargetName.values()) {
      all.add(unsafeTargetName(name));
    }
    return all;
  }

  private static byte[] malform(byte[] file, Malformation kind, RoleType role, List<TestKey> keys) {
    return switch (kind) {
      case TRUNCATED -> Tamper.truncate(file, file.length / 2);
      case MISSING_SIGNED -> Tamper.removeSigned(file);
      case WRONG_TYPES -> Tamper.editSigned(file, wrongTypes(role), keys);
    };
  }

  private static UnaryOperator<ObjectNode> wrongTypes(RoleType role) {
    String container =
        switch (role) {
          case ROOT -> "roles";
          case TIMESTAMP, SNAPSHOT -> "meta";
          case TARGETS, DELEGATED -> "targets";
        };
    return signed -> {
      signed.put("version", signed.get("version").asText());
      signed.putArray(container).add(container);
      return signed;
    };
  }

  private byte[] newTargetContent() {
    byte[] current = repo.targets().getOrDefault(TARGET, new byte[0]);
    String previous = new String(current, StandardCharsets.UTF_8);
    return (previous.strip() + "\n{\"changed\":true}\n").getBytes(StandardCharsets.UTF_8);
  }

  private RepoFiles servedTarget(RepoBuilder attack, byte[] content, byte[] served) {
    RepoFiles files = attack.published();
    files = files.with(RepoLayouts.hashedTargetPath(TARGET, Digests.sha256Hex(content)), served);
    if (repo.options().sha512()) {
      files = files.with(RepoLayouts.hashedTargetPath(TARGET, Digests.sha512Hex(content)), served);
    }
    return files;
  }

  private RepoScenario refuse(String name, String rule, RepoFiles served) {
    return new RepoScenario(
        name, rule, TARGETS, Expectation.REFUSE, repo.published(), served, repo.now());
  }

  private static String lower(RoleType role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
