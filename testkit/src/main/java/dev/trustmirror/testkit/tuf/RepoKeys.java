package dev.trustmirror.testkit.tuf;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The keys a generated repository currently trusts for each role.
 *
 * @param root root keys, in the order root lists them
 * @param timestamp the online timestamp key
 * @param snapshot the online snapshot key
 * @param targets top-level targets keys
 * @param delegated the delegated role's key (listed in targets' {@code delegations})
 */
public record RepoKeys(
    List<TestKey> root,
    TestKey timestamp,
    TestKey snapshot,
    List<TestKey> targets,
    TestKey delegated) {

  /** Copies the lists. */
  public RepoKeys {
    root = List.copyOf(root);
    targets = List.copyOf(targets);
  }

  /** Fresh keys for every role, as many as {@code options} asks. */
  public static RepoKeys generate(RepoOptions options) {
    return new RepoKeys(
        generate(options.rootKeyCount()),
        TestKey.generate(),
        TestKey.generate(),
        generate(options.targetsKeyCount()),
        TestKey.generate());
  }

  /** The keys trusted for {@code role}. */
  public List<TestKey> forRole(RoleType role) {
    return switch (role) {
      case ROOT -> root;
      case TIMESTAMP -> List.of(timestamp);
      case SNAPSHOT -> List.of(snapshot);
      case TARGETS -> targets;
      case DELEGATED -> List.of(delegated);
    };
  }

  /** Every key, root first. */
  public List<TestKey> all() {
    return Stream.of(root, List.of(timestamp, snapshot), targets, List.of(delegated))
        .flatMap(List::stream)
        .distinct()
        .toList();
  }

  /** These keys with the first {@code count} root keys replaced by fresh ones. */
  RepoKeys withRootKeysReplaced(int count) {
    if (count < 0 || count > root.size()) {
      throw new IllegalArgumentException(
          "Tried to replace " + count + " root keys but root has " + root.size());
    }
    List<TestKey> next = new ArrayList<>(root);
    for (int i = 0; i < count; i++) {
      next.set(i, TestKey.generate());
    }
    return new RepoKeys(next, timestamp, snapshot, targets, delegated);
  }

  /** These keys with fresh timestamp and snapshot keys. */
  RepoKeys withNewOnlineKeys() {
    return new RepoKeys(root, TestKey.generate(), TestKey.generate(), targets, delegated);
  }

  private static List<TestKey> generate(int count) {
    return Stream.generate(TestKey::generate).limit(count).toList();
  }
}
