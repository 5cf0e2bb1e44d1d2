package dev.trustmirror.mirror;

import io.vertx.core.Future;

/**
 * Where the served repository comes from and how the server learns of a new one: a published
 * directory polled for a new generation ({@link GenerationWatcher}), or a {@code TrustRoot}
 * resource followed with an informer ({@link TrustRootFeed}). A feed verifies what it reads and
 * hands each verified repository to the server's {@link RepositorySwitch}, which swaps it in
 * atomically; what does not verify is counted and logged there, and the previous repository keeps
 * serving.
 */
interface RepositoryFeed {

  /**
   * Starts following the source, once the server listens; completes when it does (for a {@code
   * TrustRoot}, after the first read and the informer's first list). Fails with an {@link
   * java.io.IOException} when the source cannot be reached at all.
   */
  Future<Void> follow();

  /**
   * Looks at the source now, after any look already running; completes with {@code true} when a
   * newly verified repository (or trust state) was switched in.
   */
  Future<Boolean> check();

  /** Stops following; nothing is switched in afterwards. */
  void stop();

  /** The source, for the status page and metrics. */
  SourceDescription source();

  /** Why nothing is served yet, for {@code /readyz} before the first verified load. */
  String waitingFor();
}
