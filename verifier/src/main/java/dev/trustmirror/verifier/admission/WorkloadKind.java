package dev.trustmirror.verifier.admission;

import java.util.Optional;

/**
 * The kinds whose images the webhook checks, and where their pod spec is. The version is not part
 * of the match: every served version of these kinds keeps its pod spec at the same place.
 */
public enum WorkloadKind {
  /** A Pod: its own spec. */
  POD("", "Pod", "/spec"),
  /** A Deployment's pod template. */
  DEPLOYMENT("apps", "Deployment", "/spec/template/spec"),
  /** A ReplicaSet's pod template. */
  REPLICA_SET("apps", "ReplicaSet", "/spec/template/spec"),
  /** A StatefulSet's pod template. */
  STATEFUL_SET("apps", "StatefulSet", "/spec/template/spec"),
  /** A DaemonSet's pod template. */
  DAEMON_SET("apps", "DaemonSet", "/spec/template/spec"),
  /** A Job's pod template. */
  JOB("batch", "Job", "/spec/template/spec"),
  /** A CronJob's job template's pod template. */
  CRON_JOB("batch", "CronJob", "/spec/jobTemplate/spec/template/spec"),
  /** A ReplicationController's pod template (older than ReplicaSet, still served). */
  REPLICATION_CONTROLLER("", "ReplicationController", "/spec/template/spec");

  private final String group;
  private final String kind;
  private final String podSpecPointer;

  WorkloadKind(String group, String kind, String podSpecPointer) {
    this.group = group;
    this.kind = kind;
    this.podSpecPointer = podSpecPointer;
  }

  /** The kind under review, when it is one of these. */
  public static Optional<WorkloadKind> of(GroupVersionKind gvk) {
    for (WorkloadKind candidate : values()) {
      if (candidate.group.equals(gvk.group()) && candidate.kind.equals(gvk.kind())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The kind as Kubernetes spells it ({@code CronJob}). */
  public String kind() {
    return kind;
  }

  /** The JSON Pointer of the pod spec in an object of this kind. */
  public String podSpecPointer() {
    return podSpecPointer;
  }
}
