package dev.trustmirror.kube.publish;

/**
 * Whether this replica may write to the API now. Only the leader writes the {@code TrustRoot}'s
 * spec, its status and Events; the others keep syncing their local directory and write nothing.
 */
public interface Leadership extends AutoCloseable {

  /** True while this replica leads. */
  boolean isLeader();

  /** Stops taking part (a leader releases its lease). */
  @Override
  void close();

  /** One replica, no election: always the leader. */
  static Leadership alone() {
    return Alone.INSTANCE;
  }

  /** See {@link Leadership#alone()}. */
  enum Alone implements Leadership {
    INSTANCE;

    @Override
    public boolean isLeader() {
      return true;
    }

    @Override
    public void close() {}
  }
}
