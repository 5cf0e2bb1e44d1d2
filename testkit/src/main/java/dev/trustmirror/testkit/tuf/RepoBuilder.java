package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.DELEGATED;
import static dev.trustmirror.testkit.tuf.RoleType.ROOT;
import static dev.trustmirror.testkit.tuf.RoleType.SNAPSHOT;
import static dev.trustmirror.testkit.tuf.RoleType.TARGETS;
import static dev.trustmirror.testkit.tuf.RoleType.TIMESTAMP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A real, signed TUF 1.0 repository with its own keys, evolving one state at a time the way
 * Sigstore's root-signing repository does: roots signed offline by a threshold of root keys,
 * timestamp and snapshot by one online key each, top-level targets delegating {@code <name>/*} to
 * one delegated role, consistent snapshots on.
 *
 * <p>Every evolution method publishes the next state of the same repository and returns {@code
 * this}: a targets change publishes new targets, snapshot and timestamp versions; a root change
 * publishes root {@code N+1} only. Times come from the {@link Instant} given to {@link #create} or
 * {@link #at}, never from the system clock. The builder keeps all keys and all versions it made.
 *
 * <p>Not thread-safe. {@link #copy()} forks an independent repository with the same keys and
 * history, which is how {@link MetadataAttacks} and {@link FileAttacks} derive their variants.
 */
public final class RepoBuilder {

  private final RepoOptions options;
  private Instant now;
  private RepoKeys keys;
  private final RoleHistory history;
  private final Set<TestKey> allKeys = new LinkedHashSet<>();
  private final Map<RoleType, Instant> pinnedExpiry = new EnumMap<>(RoleType.class);
  private final Map<RoleType, UnaryOperator<byte[]>> nextFileEdits = new EnumMap<>(RoleType.class);
  private final Map<String, TargetFile> targets = new TreeMap<>();
  private final Map<String, TargetFile> delegatedTargets = new TreeMap<>();

  private RepoBuilder(RepoOptions options, Instant now, RepoKeys keys, RoleHistory history) {
    this.options = options;
    this.now = now;
    this.keys = keys;
    this.history = history;
    allKeys.addAll(keys.all());
  }

  /** A repository with {@link RepoOptions#defaults()} whose version 1 is signed at {@code now}. */
  public static RepoBuilder create(Instant now) {
    return create(RepoOptions.defaults(), now);
  }

  /**
   * A repository whose version 1 of every role is signed at {@code now}, with top-level targets
   * {@code trusted_root.json}, {@code rekor.pub} and {@code fulcio.crt.pem} and the delegated
   * target {@code <delegated>/keys.json}.
   */
  public static RepoBuilder create(RepoOptions options, Instant now) {
    RepoBuilder repo = new RepoBuilder(options, now, RepoKeys.generate(options), new RoleHistory());
    SampleTargets.topLevel().forEach(repo.targets::put);
    repo.delegatedTargets.put(
        options.delegatedRole() + "/keys.json", SampleTargets.delegatedKeys(options));
    // Root 1 is signed by every root key, as a key ceremony does
    repo.publish(ROOT, repo.keys.root());
    repo.publish(DELEGATED, repo.keys.forRole(DELEGATED));
    repo.publish(TARGETS, repo.keys.targets());
    repo.bumpSnapshot();
    return repo;
  }

  /**
   * An independent repository with the same options, time, keys, targets and history. A pending
   * {@link #editNextFile} is not copied.
   */
  public RepoBuilder copy() {
    RepoBuilder copy = new RepoBuilder(options, now, keys, history.copy());
    copy.allKeys.addAll(allKeys);
    copy.targets.putAll(targets);
    copy.delegatedTargets.putAll(delegatedTargets);
    return copy;
  }

  /** Moves this repository's clock: later versions are signed at, and expire from, {@code now}. */
  public RepoBuilder at(Instant now) {
    this.now = now;
    return this;
  }

  /** Adds or replaces a top-level target, with no {@code custom}, and publishes new targets. */
  public RepoBuilder addOrChangeTarget(String name, byte[] content) {
    targets.put(name, new TargetFile(content, Optional.empty()));
    return bumpTargets();
  }

  /** Adds or replaces a top-level target with the given {@code custom} object. */
  public RepoBuilder addOrChangeTarget(String name, byte[] content, JsonNode custom) {
    targets.put(name, new TargetFile(content, Optional.of(custom)));
    return bumpTargets();
  }

  /** Removes a top-level target and publishes new targets. */
  public RepoBuilder removeTarget(String name) {
    if (targets.remove(name) == null) {
      throw new IllegalArgumentException("Tried to remove target " + name + " but it is not there");
    }
    return bumpTargets();
  }

  /**
   * Adds or replaces a target of the delegated role and publishes a new delegated version. A
   * correct repository names it {@code <delegated>/...}; other names are allowed for attacks.
   */
  public RepoBuilder addOrChangeDelegatedTarget(String name, byte[] content) {
    delegatedTargets.put(name, new TargetFile(content, Optional.empty()));
    return bumpDelegated();
  }

  /** Rotates one root key: {@code rotateRoot(1)}. */
  public RepoBuilder rotateRoot() {
    return rotateRoot(1);
  }

  /**
   * Publishes root {@code N+1} with its first {@code replaceKeys} root keys replaced by new ones (0
   * re-signs the same keys), signed by a threshold of the old root keys and a threshold of the new
   * ones, as TUF 5.3.4 requires.
   */
  public RepoBuilder rotateRoot(int replaceKeys) {
    List<TestKey> oldRootKeys = keys.root();
    rekey(keys.withRootKeysReplaced(replaceKeys));
    publishRoot(oldRootKeys);
    return this;
  }

  /**
   * Replaces the timestamp and snapshot keys: publishes a new root listing them, then new snapshot
   * and timestamp versions signed by them.
   */
  public RepoBuilder rotateOnlineKeys() {
    rekey(keys.withNewOnlineKeys());
    publishRoot(keys.root());
    return bumpSnapshot();
  }

  /** Publishes a new timestamp version. */
  public RepoBuilder bumpTimestamp() {
    publish(TIMESTAMP, keys.forRole(TIMESTAMP));
    return this;
  }

  /** Publishes new snapshot and timestamp versions. */
  public RepoBuilder bumpSnapshot() {
    publish(SNAPSHOT, keys.forRole(SNAPSHOT));
    return bumpTimestamp();
  }

  /** Publishes new top-level targets, snapshot and timestamp versions. */
  public RepoBuilder bumpTargets() {
    publish(TARGETS, keys.targets());
    return bumpSnapshot();
  }

  /** Publishes new delegated, snapshot and timestamp versions. */
  public RepoBuilder bumpDelegated() {
    publish(DELEGATED, keys.forRole(DELEGATED));
    return bumpSnapshot();
  }

  /**
   * Publishes a new version of {@code role} (and what depends on it) that expires at {@code
   * expires} instead of after the role's period. Expiry in the past gives a validly signed but
   * expired ("frozen") role.
   */
  public RepoBuilder expire(RoleType role, Instant expires) {
    pinnedExpiry.put(role, expires);
    return bump(role);
  }

  /**
   * Publishes a new version of {@code role} with unchanged content, and of what depends on it:
   * {@code rotateRoot(0)}, {@code bumpTimestamp()}, {@code bumpSnapshot()}, {@code bumpTargets()}
   * or {@code bumpDelegated()}.
   */
  public RepoBuilder bump(RoleType role) {
    return switch (role) {
      case ROOT -> rotateRoot(0);
      case TIMESTAMP -> bumpTimestamp();
      case SNAPSHOT -> bumpSnapshot();
      case TARGETS -> bumpTargets();
      case DELEGATED -> bumpDelegated();
    };
  }

  /** The time at which the next versions are signed. */
  public Instant now() {
    return now;
  }

  /** This repository's options. */
  public RepoOptions options() {
    return options;
  }

  /** The keys currently trusted for each role. */
  public RepoKeys keys() {
    return keys;
  }

  /** Every key this repository ever made, including rotated-out ones. */
  public List<TestKey> allKeys() {
    return List.copyOf(allKeys);
  }

  /** The current version of {@code role}. */
  public int version(RoleType role) {
    return history.version(role);
  }

  /** The file of the current version of {@code role}. */
  public byte[] metadata(RoleType role) {
    return metadata(role, version(role));
  }

  /** The file of version {@code version} of {@code role}, as published when it was current. */
  public byte[] metadata(RoleType role, int version) {
    return history.file(role, version);
  }

  /**
   * The published consistent-snapshot layout of the current state, as
   * https://tuf-repo-cdn.sigstore.dev serves it: {@code N.root.json} for every root, {@code
   * timestamp.json}, {@code V.snapshot.json}, {@code V.targets.json}, {@code V.<delegated>.json},
   * {@code targets/<sha256>.<name>} ({@code targets/<dir>/<sha256>.<base>} for a name with a
   * directory), and {@code <sha512>.<name>} too when sha512 is listed. Only current versions of
   * non-root metadata are included.
   */
  public RepoFiles published() {
    return RepoLayouts.published(this);
  }

  /** {@link #published()} as a map of relative path to bytes. */
  public Map<String, byte[]> publishedFiles() {
    return published().toMap();
  }

  /** Writes {@link #published()} under {@code dir}. */
  public void writePublished(Path dir) throws IOException {
    published().writeTo(dir);
  }

  /**
   * The tuf-on-ci git layout of the current state: {@code metadata/root.json}, {@code
   * metadata/root_history/N.root.json} for every root, {@code
   * metadata/{timestamp,snapshot,targets,<delegated>}.json} and {@code targets/<name>}.
   */
  public RepoFiles gitLayout() {
    return RepoLayouts.git(this);
  }

  /** Writes {@link #gitLayout()} under {@code dir}. */
  public void writeGitLayout(Path dir) throws IOException {
    gitLayout().writeTo(dir);
  }

  /** The current top-level targets: name to content. */
  public Map<String, byte[]> targets() {
    return TargetFile.contents(targets);
  }

  /** The current targets of the delegated role: name to content. */
  public Map<String, byte[]> delegatedTargets() {
    return TargetFile.contents(delegatedTargets);
  }

  /**
   * Applies {@code edit} to the file of the next version of {@code role}, after signing and before
   * anything that depends on it (snapshot, timestamp) records its version, length and hashes. For
   * faults that the rest of the repository consistently points at, e.g. {@code
   * repo.editNextFile(TARGETS, f -> Tamper.resign(f, List.of(stranger))).bumpTargets()}.
   */
  public RepoBuilder editNextFile(RoleType role, UnaryOperator<byte[]> edit) {
    nextFileEdits.put(role, edit);
    return this;
  }

  private void rekey(RepoKeys next) {
    keys = next;
    allKeys.addAll(next.all());
  }

  private void publishRoot(List<TestKey> oldRootKeys) {
    int threshold = options.rootThreshold();
    Set<TestKey> signers = new LinkedHashSet<>(oldRootKeys.subList(0, threshold));
    signers.addAll(keys.root().subList(0, threshold));
    publish(ROOT, List.copyOf(signers));
  }

  private void publish(RoleType role, List<TestKey> signers) {
    int version = version(role) + 1;
    Instant expires =
        Optional.ofNullable(pinnedExpiry.remove(role))
            .orElseGet(() -> now.plus(options.expiryPeriod(role)));
    byte[] file = MetadataJson.sign(signed(role, version, expires), signers);
    history.add(
        role, Optional.ofNullable(nextFileEdits.remove(role)).map(e -> e.apply(file)).orElse(file));
  }

  private ObjectNode signed(RoleType role, int version, Instant expires) {
    return switch (role) {
      case ROOT -> SignedFactory.root(version, expires, keys, options);
      case TARGETS -> SignedFactory.targets(version, expires, targets, keys.delegated(), options);
      case DELEGATED ->
          SignedFactory.targetsWithoutDelegations(version, expires, delegatedTargets, options);
      case SNAPSHOT -> SignedFactory.snapshot(version, expires, this);
      case TIMESTAMP -> SignedFactory.timestamp(version, expires, this);
    };
  }
}
