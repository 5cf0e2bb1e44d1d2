package dev.trustmirror.mirror;

import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.watch.TrustRootWatcher;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code TrustRoot} the servers in these tests follow, in the fabric8 mock API server: made
 * with {@link TrustRootResources#generate} from what the real sync agent published for an {@link
 * Upstream}, the way the sync agent's Kubernetes publisher makes it.
 */
final class ClusterTrustRoot {
  static final String NAME = "sigstore";

  private final KubernetesClient client;

  ClusterTrustRoot(KubernetesClient client) {
    this.client = client;
  }

  /** The repository {@code upstream}'s sync published last, verified again. */
  static VerifiedRepository published(Upstream upstream) throws Exception {
    return PublishedDirectory.verify(upstream.out()).repository();
  }

  /** The root {@code upstream}'s repository is verified from (its version 1). */
  static byte[] pinnedRoot(Upstream upstream) {
    return upstream.repo().metadata(RoleType.ROOT, 1);
  }

  /** The resource made of what {@code upstream} published last (not applied). */
  static GenericKubernetesResource of(Upstream upstream) throws Exception {
    return TrustRootResources.generate(
            NAME, TrustRootForm.REPOSITORY, published(upstream), pinnedRoot(upstream))
        .resource();
  }

  /** Creates or replaces the resource with what {@code upstream} published last. */
  GenericKubernetesResource publish(Upstream upstream) throws Exception {
    return apply(of(upstream));
  }

  /** Creates or replaces the resource; returns it as stored (with its resourceVersion). */
  GenericKubernetesResource apply(GenericKubernetesResource resource) {
    resource.getMetadata().setResourceVersion(null);
    return client
        .genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS)
        .resource(resource)
        .createOr(NonDeletingOperation::update);
  }

  void delete() {
    client.genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS).withName(NAME).delete();
  }

  /**
   * {@code resource} with one byte of its {@code mirrorFS} archive flipped (in the middle of the
   * compressed data), as a careless or hostile edit would leave it.
   */
  @SuppressWarnings("unchecked")
  static GenericKubernetesResource withFlippedMirrorFsByte(GenericKubernetesResource resource) {
    Map<String, Object> repository =
        (Map<String, Object>)
            ((Map<String, Object>) resource.getAdditionalProperties().get("spec"))
                .get("repository");
    byte[] archive = Base64.getDecoder().decode((String) repository.get("mirrorFS"));
    archive[archive.length / 2] ^= 0x01;
    repository.put("mirrorFS", Base64.getEncoder().encodeToString(archive));
    return resource;
  }
}
