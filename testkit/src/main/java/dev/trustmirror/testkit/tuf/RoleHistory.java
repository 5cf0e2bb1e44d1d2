package dev.trustmirror.testkit.tuf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/** Every published file of every role, by version: version {@code v} is at index {@code v-1}. */
final class RoleHistory {

  private final EnumMap<RoleType, List<byte[]>> files = new EnumMap<>(RoleType.class);

  RoleHistory() {
    for (RoleType role : RoleType.values()) {
      files.put(role, new ArrayList<>());
    }
  }

  RoleHistory copy() {
    RoleHistory copy = new RoleHistory();
    files.forEach((role, versions) -> copy.files.get(role).addAll(versions));
    return copy;
  }

  /** The current version of {@code role}; 0 before its first file. */
  int version(RoleType role) {
    return files.get(role).size();
  }

  /** Records {@code file} as version {@code version(role) + 1}. */
  void add(RoleType role, byte[] file) {
    files.get(role).add(file.clone());
  }

  byte[] file(RoleType role, int version) {
    List<byte[]> versions = files.get(role);
    if (version < 1 || version > versions.size()) {
      throw new IllegalArgumentException(
          "Tried to read "
              + role
              + " version "
              + version
              + " but versions are 1.."
              + versions.size());
    }
    return versions.get(version - 1).clone();
  }
}
