package dev.trustmirror.sync;

import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.publish.PublishResult;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * One sync: load the trust state (or pin the operator's root), verify the source with the TUF
 * client, publish a new generation if anything changed. A refused update throws before anything is
 * written, so {@code current} keeps serving the last good generation.
 */
public final class SyncAgent {
  private final RepositorySource source;
  private final GenerationPublisher publisher;
  private final Clock clock;
  private final Limits limits;

  public SyncAgent(
      RepositorySource source, GenerationPublisher publisher, Clock clock, Limits limits) {
    this.source = source;
    this.publisher = publisher;
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Runs one sync.
   *
   * @param pinnedRoot the operator's root, used only when no trust state exists yet
   * @throws TufRefusalException when the source offered something a TUF client must refuse
   * @throws SourceUnavailableException when the source could not be read
   * @throws IOException when the state or the output directory cannot be read or written
   */
  public SyncOutcome syncOnce(Optional<byte[]> pinnedRoot) throws TufRefusalException, IOException {
    try (AutoCloseable lock = publisher.lock()) {
      return syncLocked(pinnedRoot);
    } catch (TufRefusalException | IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Tried to release the lock of the output directory but failed", e);
    }
  }

  private SyncOutcome syncLocked(Optional<byte[]> pinnedRoot)
      throws TufRefusalException, IOException {
    Optional<TrustState> saved = publisher.stateStore().load();
    TrustState state;
    if (saved.isPresent()) {
      state = saved.get();
    } else if (pinnedRoot.isPresent()) {
      state = TrustState.pin(pinnedRoot.get());
    } else {
      throw new NoTrustStateException(publisher.stateStore().directory());
    }
    TufUpdater updater = new TufUpdater(source, clock, limits);
    // Without a published generation there is nothing to compare with: run the full workflow.
    UpdateResult result =
        publisher.current().isPresent() ? updater.refresh(state) : updater.update(state);
    if (result.repository().isEmpty()) {
      return SyncOutcome.unchanged(publisher.current().orElseThrow(), result.state());
    }
    VerifiedRepository repo = result.repository().get();
    PublishResult published = publisher.publish(repo, result.state());
    return SyncOutcome.of(published, repo, result.state());
  }

  /** Neither a saved trust state nor a pinned root: the operator must pin one. */
  public static final class NoTrustStateException extends IOException {
    private static final long serialVersionUID = 1L;

    NoTrustStateException(java.nio.file.Path stateDir) {
      super(
          "No trust state in "
              + stateDir
              + " and no --root given: pin the initial root with --root FILE"
              + " (obtain it out of band and check its hash)");
    }
  }
}
