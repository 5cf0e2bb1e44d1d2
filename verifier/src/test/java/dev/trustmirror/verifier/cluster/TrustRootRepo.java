package dev.trustmirror.verifier.cluster;

import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/**
 * A generated TUF repository (testkit's {@link RepoBuilder}) whose target {@code trusted_root.json}
 * is a generated Sigstore trusted root, and the {@code TrustRoot} resources made of its states with
 * {@link TrustRootResources#generate}, as the sync agent makes them.
 */
final class TrustRootRepo {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final String name;
  private final RepoBuilder repo;
  private Instant now = T0;
  private byte[] trustedRoot;

  TrustRootRepo(String name, long seed) {
    this.name = name;
    this.trustedRoot = SigstoreFixtures.create(seed, T0).trustedRoot().toBytes();
    this.repo =
        RepoBuilder.create(T0)
            .addOrChangeTarget("trusted_root.json", trustedRoot)
            .rotateRoot()
            .bumpTimestamp();
  }

  /** The root the repository is verified from. */
  byte[] pinnedRoot() {
    return repo.metadata(RoleType.ROOT, 1);
  }

  /** The trusted root the current state publishes. */
  byte[] trustedRoot() {
    return trustedRoot.clone();
  }

  /** The identity a TrustedRoot gives the current trusted root: {@code sha256:<hex>}. */
  String trustedRootIdentity() throws Exception {
    return "sha256:"
        + java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(trustedRoot));
  }

  /** A clock late enough for every state this repository will have. */
  static Clock readerClock() {
    return Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
  }

  /** Publishes a new trusted root (a rotated Fulcio CA, new logs) an hour later. */
  TrustRootRepo rotate(long seed) {
    now = now.plus(Duration.ofHours(1));
    trustedRoot = SigstoreFixtures.create(seed, T0).trustedRoot().toBytes();
    repo.at(now).addOrChangeTarget("trusted_root.json", trustedRoot);
    return this;
  }

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
    return TrustRootResources.generate(name, TrustRootForm.REPOSITORY, verified(), pinnedRoot())
        .resource();
  }

  /** The resource of the current state with a byte of the archive's gzip CRC-32 flipped. */
  @SuppressWarnings("unchecked")
  GenericKubernetesResource tampered() throws Exception {
    GenericKubernetesResource resource = resource();
    Map<String, Object> repository =
        (Map<String, Object>)
            ((Map<String, Object>) resource.getAdditionalProperties().get("spec"))
                .get("repository");
    byte[] archive = Base64.getDecoder().decode((String) repository.get("mirrorFS"));
    archive[archive.length - 8] ^= 0x01;
    repository.put("mirrorFS", Base64.getEncoder().encodeToString(archive));
    return resource;
  }
}
