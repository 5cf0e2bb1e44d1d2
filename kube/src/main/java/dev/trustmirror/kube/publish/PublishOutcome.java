package dev.trustmirror.kube.publish;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one call of the {@link TrustRootPublisher} wrote.
 *
 * @param action what happened to the resource
 * @param name the resource's name
 * @param generation the resource's {@code metadata.generation} afterwards, when it exists and was
 *     read
 * @param statusWritten whether {@code status.conditions} was written (false when they already said
 *     the same)
 * @param events the reasons of the Events recorded, in order ({@code Synced}, {@code ExpiresSoon},
 *     {@code SyncFailed})
 */
public record PublishOutcome(
    Action action,
    String name,
    OptionalLong generation,
    boolean statusWritten,
    List<String> events) {

  /** What happened to the resource. */
  public enum Action {
    /** It did not exist and was created. */
    CREATED,
    /** Its spec was replaced by a new repository. */
    UPDATED,
    /** It already held this repository: spec not written. */
    UNCHANGED,
    /** A failed sync was recorded (status and Event); spec not touched. */
    FAILURE_RECORDED,
    /** This replica does not lead: nothing was written. */
    NOT_LEADER
  }

  public PublishOutcome {
    Objects.requireNonNull(action);
    Objects.requireNonNull(name);
    Objects.requireNonNull(generation);
    events = List.copyOf(events);
  }

  static PublishOutcome notLeader(String name) {
    return new PublishOutcome(Action.NOT_LEADER, name, OptionalLong.empty(), false, List.of());
  }
}
