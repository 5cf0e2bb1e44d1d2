package dev.trustmirror.kube.publish;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Leader election with fabric8's {@code LeaderElector} on a Lease. fabric8's elector stops for good
 * once its leader loses the lease; this one then joins the election again as a follower, until
 * {@link #close()}, which releases the lease when held (the next replica takes over within one
 * retry period instead of one lease duration).
 */
public final class LeaseLeadership implements Leadership {
  private final KubernetesClient client;
  private final LeaseSettings settings;
  private final AtomicBoolean leader = new AtomicBoolean();
  private final AtomicReference<String> currentLeader = new AtomicReference<>();
  private CompletableFuture<?> running;
  private boolean closed;

  private LeaseLeadership(KubernetesClient client, LeaseSettings settings) {
    this.client = Objects.requireNonNull(client);
    this.settings = Objects.requireNonNull(settings);
  }

  /**
   * Joins the election in the background; {@link #isLeader()} becomes true once this replica holds
   * the lease.
   */
  public static LeaseLeadership start(KubernetesClient client, LeaseSettings settings) {
    LeaseLeadership l = new LeaseLeadership(client, settings);
    l.elect();
    return l;
  }

  private synchronized void elect() {
    if (closed) {
      return;
    }
    LeaderElectionConfig config =
        new LeaderElectionConfigBuilder()
            .withName(settings.name())
            .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
            .withLeaseDuration(settings.leaseDuration())
            .withRenewDeadline(settings.renewDeadline())
            .withRetryPeriod(settings.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> leader.set(true), () -> leader.set(false), currentLeader::set))
            .build();
    CompletableFuture<?> election = client.leaderElector().withConfig(config).build().start();
    running = election;
    // The elector ends when this replica lost the lease: take part again, as a follower.
    election.whenComplete((ok, failure) -> rejoin());
  }

  private void rejoin() {
    leader.set(false);
    elect();
  }

  @Override
  public boolean isLeader() {
    return leader.get();
  }

  /** The identity of the leader this replica last saw, if any. */
  public Optional<String> currentLeader() {
    return Optional.ofNullable(currentLeader.get());
  }

  /** This replica's identity. */
  public String identity() {
    return settings.identity();
  }

  /** The Lease, as {@code namespace/name}. */
  public String lease() {
    return settings.namespace() + "/" + settings.name();
  }

  /** Leaves the election; releases the lease when this replica holds it. */
  @Override
  public void close() {
    CompletableFuture<?> election;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      election = running;
    }
    // Cancelling runs fabric8's stopLeading in this thread: the lease is released on return.
    election.cancel(true);
    leader.set(false);
  }
}
