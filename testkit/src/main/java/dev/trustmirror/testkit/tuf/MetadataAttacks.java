package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.DELEGATED;
import static dev.trustmirror.testkit.tuf.RoleType.ROOT;
import static dev.trustmirror.testkit.tuf.RoleType.SNAPSHOT;
import static dev.trustmirror.testkit.tuf.RoleType.TARGETS;
import static dev.trustmirror.testkit.tuf.RoleType.TIMESTAMP;

import dev.trustmirror.testkit.tuf.RepoScenario.Expectation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validly made but malicious metadata: rollback, freeze, mix-and-match, too few signatures,
 * untrusted signers, a root rotation the old root did not approve; and the real-world signature
 * quirks a client must tolerate. Each method derives a {@link RepoScenario} from a copy of the
 * repository's current state ({@code before}), leaving the repository itself unchanged.
 */
public final class MetadataAttacks {

  private final RepoBuilder repo;

  private MetadataAttacks(RepoBuilder repo) {
    this.repo = repo;
  }

  /** Attacks derived from the current state of {@code repo}. */
  public static MetadataAttacks on(RepoBuilder repo) {
    return new MetadataAttacks(repo);
  }

  /**
   * Client synced timestamp {@code t+1}; served is the earlier, validly signed state with timestamp
   * {@code t}.
   */
  public RepoScenario timestampRollback() {
    RepoBuilder newer = repo.copy().bumpTimestamp();
    return refuse(
        "timestamp-rollback",
        "TUF 5.4.3.1: the new timestamp version must not be lower than the trusted one",
        TIMESTAMP,
        newer.published(),
        published());
  }

  /**
   * Client synced snapshot {@code s+1}; served is a newer timestamp ({@code t+2}) that lists the
   * older snapshot {@code s}, which is served too.
   */
  public RepoScenario snapshotRollback() {
    RepoBuilder newer = repo.copy().bumpSnapshot();
    RepoBuilder attack = repo.copy().bumpTimestamp().bumpTimestamp();
    return refuse(
        "snapshot-rollback",
        "TUF 5.4.3.2: the snapshot version in the new timestamp must not be lower than in the"
            + " trusted timestamp",
        SNAPSHOT,
        newer.published(),
        attack.published());
  }

  /**
   * Client synced targets {@code g+1}; served is a newer snapshot ({@code s+2}) that lists the
   * older targets {@code g}.
   */
  public RepoScenario targetsRollback() {
    return metaRollback(TARGETS, repo.copy().bumpTargets());
  }

  /**
   * Client synced delegated role version {@code d+1}; served is a newer snapshot that lists the
   * older version {@code d}.
   */
  public RepoScenario delegatedRollback() {
    return metaRollback(DELEGATED, repo.copy().bumpDelegated());
  }

  /**
   * A new version of {@code role} (with the versions that depend on it) that is validly signed but
   * expired an hour before the client's time: a freeze attack.
   */
  public RepoScenario expired(RoleType role) {
    RepoBuilder attack = repo.copy().expire(role, repo.now().minus(Duration.ofHours(1)));
    String rule =
        switch (role) {
          case ROOT -> "TUF 5.3.10: the final trusted root must not be expired";
          case TIMESTAMP -> "TUF 5.4.4: the new timestamp must not be expired";
          case SNAPSHOT -> "TUF 5.5.6: the new snapshot must not be expired";
          case TARGETS -> "TUF 5.6.5: the new targets must not be expired";
          case DELEGATED -> "TUF 5.6.7 (5.6.5 for delegated roles): it must not be expired";
        };
    return refuse(lower(role) + "-expired", rule, role, published(), attack.published());
  }

  /**
   * Timestamp lists snapshot {@code s+1}, but {@code s+1.snapshot.json} holds the bytes of the
   * validly signed snapshot {@code s}: a mix-and-match attack.
   */
  public RepoScenario snapshotVersionMismatch() {
    return versionMismatch(SNAPSHOT, repo.copy().bumpSnapshot());
  }

  /**
   * Snapshot lists targets {@code g+1}, but {@code g+1.targets.json} holds the bytes of the validly
   * signed targets {@code g}: a mix-and-match attack.
   */
  public RepoScenario targetsVersionMismatch() {
    return versionMismatch(TARGETS, repo.copy().bumpTargets());
  }

  /**
   * A new version of {@code role} signed by one key fewer than its threshold (for root: version
   * {@code N+1}, short of both the old and the new threshold; for a role with threshold 1: no
   * signatures at all).
   */
  public RepoScenario belowThreshold(RoleType role) {
    RepoBuilder attack = repo.copy();
    List<TestKey> roleKeys = attack.keys().forRole(role);
    int threshold = threshold(role);
    attack.editNextFile(role, file -> Tamper.resign(file, roleKeys.subList(0, threshold - 1)));
    attack.bump(role);
    return refuse(
        lower(role) + "-below-threshold",
        signatureRule(role) + ": a threshold of trusted keys must sign",
        role,
        published(),
        attack.published());
  }

  /**
   * A new version of {@code role} whose only signature is valid but made by a key the client does
   * not trust for that role (not in root; for the delegated role, not in the delegation).
   */
  public RepoScenario untrustedSigner(RoleType role) {
    RepoBuilder attack = repo.copy();
    TestKey stranger = TestKey.generate();
    attack.editNextFile(role, file -> Tamper.resign(file, List.of(stranger)));
    attack.bump(role);
    return refuse(
        lower(role) + "-untrusted-signer",
        signatureRule(role) + ": only keys trusted for the role count",
        role,
        published(),
        attack.published());
  }

  /**
   * Root {@code N+1} replaces every root key and is signed only by the new keys: it satisfies its
   * own threshold but not the old root's.
   */
  public RepoScenario rootNotSignedByPreviousRoot() {
    RepoBuilder attack = repo.copy();
    attack.editNextFile(ROOT, file -> Tamper.resign(file, attack.keys().root()));
    attack.rotateRoot(repo.options().rootKeyCount());
    return refuse(
        "root-not-signed-by-previous-root",
        "TUF 5.3.4: root N+1 must be signed by a threshold of root N's keys",
        ROOT,
        published(),
        attack.published());
  }

  /**
   * Valid metadata with Sigstore's real signature quirks, which a client must accept: root {@code
   * N+1} carries a {@code "sig": ""} entry for a root key that did not sign and a signature by a
   * keyid that is not in {@code keys}; the new timestamp carries an extra signature by an unknown
   * keyid. Needs at least one root key beyond the threshold (the defaults have one).
   */
  public RepoScenario quirks() {
    RepoOptions options = repo.options();
    if (options.rootKeyCount() <= options.rootThreshold()) {
      throw new IllegalStateException(
          "Tried to add an empty signature for a non-signing root key but all root keys sign");
    }
    RepoBuilder attack = repo.copy();
    TestKey stranger = TestKey.generate();
    attack.editNextFile(
        ROOT,
        file -> {
          // rotateRoot(0) signs with the first `threshold` keys; the last key did not sign
          List<TestKey> rootKeys = attack.keys().root();
          byte[] withEmpty =
              Tamper.addSignatureEntry(file, rootKeys.get(rootKeys.size() - 1).keyId(), "");
          return addStrangerSignature(withEmpty, stranger);
        });
    attack.rotateRoot(0);
    attack.editNextFile(TIMESTAMP, file -> addStrangerSignature(file, stranger));
    attack.bumpTimestamp();
    return new RepoScenario(
        "signature-quirks",
        "Sigstore roots 5, 9-14: empty signatures and unknown keyids neither count nor fail",
        ROOT,
        Expectation.ACCEPT,
        published(),
        attack.published(),
        repo.now());
  }

  /** Every refusal scenario of this class, one per attack and role. */
  public List<RepoScenario> allRefusals() {
    List<RepoScenario> all = new ArrayList<>();
    all.add(timestampRollback());
    all.add(snapshotRollback());
    all.add(targetsRollback());
    all.add(delegatedRollback());
    for (RoleType role : RoleType.values()) {
      all.add(expired(role));
      all.add(belowThreshold(role));
      all.add(untrustedSigner(role));
    }
    all.add(snapshotVersionMismatch());
    all.add(targetsVersionMismatch());
    all.add(rootNotSignedByPreviousRoot());
    return all;
  }

  private RepoScenario metaRollback(RoleType role, RepoBuilder newer) {
    // two snapshot bumps make snapshot and timestamp newer than `newer`'s, still listing version v
    RepoBuilder attack = repo.copy().bumpSnapshot().bumpSnapshot();
    return refuse(
        lower(role) + "-rollback",
        "TUF 5.5.5: no targets metadata version in the new snapshot may be lower than in the"
            + " trusted snapshot",
        role,
        newer.published(),
        attack.published());
  }

  private RepoScenario versionMismatch(RoleType role, RepoBuilder attack) {
    RepoOptions options = repo.options();
    String servedName = role.publishedFileName(options, attack.version(role));
    byte[] older = attack.metadata(role, attack.version(role) - 1);
    String rule =
        role == SNAPSHOT
            ? "TUF 5.5.4: the snapshot version must equal the one timestamp lists"
            : "TUF 5.6.4: the targets version must equal the one snapshot lists";
    return refuse(
        lower(role) + "-version-mismatch",
        rule,
        role,
        published(),
        attack.published().with(servedName, older));
  }

  private int threshold(RoleType role) {
    return switch (role) {
      case ROOT -> repo.options().rootThreshold();
      case TARGETS -> repo.options().targetsThreshold();
      case TIMESTAMP, SNAPSHOT, DELEGATED -> 1;
    };
  }

  private static String signatureRule(RoleType role) {
    return switch (role) {
      case ROOT -> "TUF 5.3.4";
      case TIMESTAMP -> "TUF 5.4.2";
      case SNAPSHOT -> "TUF 5.5.3";
      case TARGETS -> "TUF 5.6.3";
      case DELEGATED -> "TUF 5.6.7 (5.6.3 for delegated roles)";
    };
  }

  private static byte[] addStrangerSignature(byte[] file, TestKey stranger) {
    byte[] signed = Tamper.resign(file, List.of(stranger));
    String sig = MetadataJson.parseEnvelope(signed).get("signatures").get(0).get("sig").asText();
    return Tamper.addSignatureEntry(file, stranger.keyId(), sig);
  }

  private RepoFiles published() {
    return repo.published();
  }

  private RepoScenario refuse(
      String name, String rule, RoleType role, RepoFiles before, RepoFiles served) {
    return new RepoScenario(name, rule, role, Expectation.REFUSE, before, served, repo.now());
  }

  private static String lower(RoleType role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
