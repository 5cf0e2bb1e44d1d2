package dev.trustmirror.testkit.tuf;

import java.time.Instant;

/**
 * A test of a TUF client: sync {@code before} (an honest state), then update from {@code served} at
 * {@code clientTime}, and expect {@code expectation}.
 *
 * <p>Rollback scenarios only make sense in that order (a fresh client has nothing to roll back
 * from). Every other refusal scenario is also refused by a fresh client that starts from {@code
 * 1.root.json} of {@code served}.
 *
 * @param name short identifier, e.g. {@code timestamp-rollback}
 * @param rule the TUF rule a correct client applies, e.g. {@code TUF 5.4.3.1: ...}
 * @param role the role whose check fails (targets for target-file faults)
 * @param expectation whether a correct client refuses or accepts {@code served}
 * @param before the published layout the client syncs first
 * @param served the published layout to update from next
 * @param clientTime the client's clock for both updates
 */
public record RepoScenario(
    String name,
    String rule,
    RoleType role,
    Expectation expectation,
    RepoFiles before,
    RepoFiles served,
    Instant clientTime) {

  /** What a correct client does with {@code served}. */
  public enum Expectation {
    /** The update fails with a security refusal and nothing of {@code served} is trusted. */
    REFUSE,
    /** The update succeeds: {@code served} looks odd but is valid. */
    ACCEPT
  }

  @Override
  public String toString() {
    return name;
  }
}
