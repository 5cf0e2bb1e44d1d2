package dev.trustmirror.sync;

import dev.trustmirror.sync.publish.PublishResult;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.VerifiedRepository;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of one sync.
 *
 * @param published true when a new generation became current
 * @param generation the current generation after the sync
 * @param roles the roles now trusted (version, expiry)
 * @param files number of files in the generation, or -1 when nothing was verified anew
 */
public record SyncOutcome(boolean published, Path generation, List<RoleInfo> roles, int files) {

  static SyncOutcome unchanged(Path generation, TrustState state) {
    return new SyncOutcome(false, generation, state.roles(), -1);
  }

  static SyncOutcome of(PublishResult result, VerifiedRepository repo, TrustState state) {
    return new SyncOutcome(
        result.published(), result.generation(), state.roles(), repo.paths().size());
  }
}
