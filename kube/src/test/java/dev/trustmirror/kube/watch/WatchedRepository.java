package dev.trustmirror.kube.watch;

import dev.trustmirror.bundles.archive.DeterministicTarGzWriter;
import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A generated TUF repository that evolves, and the {@code TrustRoot} resources made of its states
 * with {@link TrustRootResources#generate}, as the sync agent's publisher makes them.
 */
final class WatchedRepository {
  static final String NAME = "sigstore";
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final RepoBuilder repo;
  private Instant now = T0;

  WatchedRepository() {
    this.repo = RepoBuilder.create(T0).rotateRoot().bumpTimestamp();
  }

  /** The root the repository is verified from. */
  byte[] pinnedRoot() {
    return repo.metadata(RoleType.ROOT, 1);
  }

  /** A clock late enough for every state this repository will have. */
  static Clock readerClock() {
    return Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
  }

  /** Publishes new snapshot and timestamp versions an hour later. */
  WatchedRepository next() {
    now = now.plus(Duration.ofHours(1));
    repo.at(now).bumpSnapshot();
    return this;
  }

  /** The current state, verified by the TUF client the only way there is. */
  VerifiedRepository verified() throws Exception {
    return new TufUpdater(
            InMemorySource.of("generated", repo.publishedFiles()),
            Clock.fixed(now, ZoneOffset.UTC),
            Limits.defaults())
        .update(TrustState.pin(pinnedRoot()))
        .repository()
        .orElseThrow();
  }

  /** The resource of the current state. */
  GenericKubernetesResource resource() throws Exception {
    return TrustRootResources.generate(NAME, TrustRootForm.REPOSITORY, verified(), pinnedRoot())
        .resource();
  }

  /** The resource of the current state with one file of {@code mirrorFS} edited (not re-signed). */
  GenericKubernetesResource resourceWithEditedFile(String path, UnaryOperator<byte[]> edit)
      throws Exception {
    GenericKubernetesResource resource = resource();
    SortedMap<String, byte[]> entries = new TreeMap<>();
    VerifiedRepository v = verified();
    for (String p : v.paths()) {
      entries.put("repository/" + p, p.equals(path) ? edit.apply(v.bytes(p)) : v.bytes(p));
    }
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    DeterministicTarGzWriter.write(entries, Instant.EPOCH, archive);
    repository(resource).put("mirrorFS", Base64.getEncoder().encodeToString(archive.toByteArray()));
    return resource;
  }

  /**
   * The resource of the current state with a byte of the gzip trailer's CRC-32 flipped: every entry
   * reads back, and the archive is still damaged.
   */
  GenericKubernetesResource resourceWithFlippedChecksum() throws Exception {
    GenericKubernetesResource resource = resource();
    Map<String, Object> repository = repository(resource);
    byte[] archive = Base64.getDecoder().decode((String) repository.get("mirrorFS"));
    archive[archive.length - 8] ^= 0x01;
    repository.put("mirrorFS", Base64.getEncoder().encodeToString(archive));
    return resource;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> repository(GenericKubernetesResource resource) {
    return (Map<String, Object>)
        ((Map<String, Object>) resource.getAdditionalProperties().get("spec")).get("repository");
  }
}
