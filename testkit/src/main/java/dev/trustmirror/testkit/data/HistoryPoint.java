package dev.trustmirror.testkit.data;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One of the 8 points of root-signing's history in {@code history/NN-<sha>/} (published layout), as
 * listed in SEQUENCE.md.
 *
 * @param number 1 to 8, oldest first
 * @param commit full id of the root-signing commit the point was built from
 * @param directory the published layout of that commit
 * @param commitDate when the commit was made
 * @param validAt a time when every role of this point is valid (commit date + 1 hour): use it for a
 *     fixed clock
 * @param timestampExpires when this point's timestamp role expires
 * @param versions the role versions at this point
 */
public record HistoryPoint(
    int number,
    String commit,
    Path directory,
    Instant commitDate,
    Instant validAt,
    Instant timestampExpires,
    Versions versions) {

  /**
   * Versions of the roles at one history point.
   *
   * @param root newest root version ({@code N.root.json} exists for 1..root)
   * @param timestamp version inside {@code timestamp.json}
   * @param snapshot version of {@code <snapshot>.snapshot.json}
   * @param targets version of {@code <targets>.targets.json}
   * @param delegated version of {@code <delegated>.registry.npmjs.org.json}
   */
  public record Versions(int root, int timestamp, int snapshot, int targets, int delegated) {}

  /** The name of the one delegated role at every point. */
  public static final String DELEGATED_ROLE = "registry.npmjs.org";

  /** The published path of the newest root ({@code 15.root.json}). */
  public String rootPath() {
    return versions.root() + ".root.json";
  }

  /** The published path of the snapshot ({@code 165.snapshot.json}). */
  public String snapshotPath() {
    return versions.snapshot() + ".snapshot.json";
  }

  /** The published path of the top-level targets ({@code 14.targets.json}). */
  public String targetsPath() {
    return versions.targets() + ".targets.json";
  }

  /** The published path of the delegated role ({@code 8.registry.npmjs.org.json}). */
  public String delegatedPath() {
    return versions.delegated() + "." + DELEGATED_ROLE + ".json";
  }
}
