package dev.trustmirror.kube.publish;

import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.tuf.VerifiedRepository;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import dev.trustmirror.tuf.expiry.ExpiryReport.RoleExpiry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Events of the publisher, what they say and when: {@code Synced} for each new generation
 * applied, {@code ExpiresSoon} once per role version and level, {@code SyncFailed} counted per
 * reason.
 */
final class PublisherEvents {
  private final EventRecorder recorder;
  private final ExpiryAnnouncements announcements = new ExpiryAnnouncements();
  private final Duration warn;
  private final Duration critical;

  PublisherEvents(EventRecorder recorder, Duration warn, Duration critical) {
    this.recorder = recorder;
    this.warn = warn;
    this.critical = critical;
  }

  /** {@code Synced}: a new generation holding {@code repository} was applied. */
  List<String> synced(
      VerifiedRepository repository, int bytes, long generation, ObjectReference ref)
      throws KubernetesApiException {
    String message =
        "Applied timestamp v"
            + repository.timestampVersion()
            + " (content "
            + repository.contentHash().substring(0, 12)
            + ", "
            + repository.paths().size()
            + " files, "
            + bytes
            + " bytes) as generation "
            + generation;
    return record(TrustRootEvent.synced(repository.contentHash(), message), ref);
  }

  /** {@code SyncFailed}, counted per reason. */
  List<String> failed(String reason, String message, ObjectReference ref)
      throws KubernetesApiException {
    return record(TrustRootEvent.syncFailed(reason, message), ref);
  }

  /** {@code ExpiresSoon} for each role newly at warning, critical or expired. */
  List<String> expiry(ExpiryReport report, ObjectReference ref) throws KubernetesApiException {
    List<String> recorded = new ArrayList<>();
    for (RoleExpiry r : announcements.due(report)) {
      String when =
          r.secondsLeft() <= 0
              ? " expired at " + r.expires()
              : " expires at " + r.expires() + ", in " + humanize(r.secondsLeft());
      String message =
          "Role "
              + r.role()
              + " v"
              + r.version()
              + when
              + " ("
              + r.level().label()
              + ": warning within "
              + warn.toHours()
              + "h, critical within "
              + critical.toHours()
              + "h)";
      recorded.addAll(
          record(
              TrustRootEvent.expiresSoon(r.role(), r.version(), r.level().label(), message), ref));
      announcements.announced(r);
    }
    return recorded;
  }

  private List<String> record(TrustRootEvent event, ObjectReference ref)
      throws KubernetesApiException {
    return recorder.record(event, ref) ? List.of(event.reason()) : List.of();
  }

  /** The resource as an Event's involvedObject; cluster-scoped: no namespace. */
  static ObjectReference reference(GenericKubernetesResource r) {
    return new ObjectReferenceBuilder(reference(r.getMetadata().getName()))
        .withUid(r.getMetadata().getUid())
        .build();
  }

  /** A resource that does not exist (yet) as an involvedObject. */
  static ObjectReference reference(String name) {
    return new ObjectReferenceBuilder()
        .withApiVersion(TrustRootResources.API_VERSION)
        .withKind(TrustRootResources.KIND)
        .withName(name)
        .build();
  }

  /** {@code 2d 3h}, {@code 5h 12m}, {@code 40m}. */
  static String humanize(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return Math.max(1, d.toMinutes()) + "m";
  }
}
