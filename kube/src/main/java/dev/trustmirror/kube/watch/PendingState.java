package dev.trustmirror.kube.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Optional;

/**
 * The newest state the informer reported and not yet verified (a mailbox of one), and whether a
 * drain is running: states that arrive during a verification replace each other, and only the
 * newest one is verified next.
 */
final class PendingState {
  private Optional<Optional<GenericKubernetesResource>> newest = Optional.empty();
  private boolean draining;

  /**
   * Records {@code state} (empty: the resource is gone).
   *
   * @return whether the caller must start a drain (none is running)
   */
  synchronized boolean offer(Optional<GenericKubernetesResource> state) {
    newest = Optional.of(state);
    if (draining) {
      return false;
    }
    draining = true;
    return true;
  }

  /** The state to verify next; empty ends the drain (and the next offer starts another). */
  synchronized Optional<Optional<GenericKubernetesResource>> take() {
    Optional<Optional<GenericKubernetesResource>> next = newest;
    newest = Optional.empty();
    if (next.isEmpty()) {
      draining = false;
    }
    return next;
  }

  /** The drain ended abnormally (or never started): the next offer starts another. */
  synchronized void stopped() {
    draining = false;
  }
}
