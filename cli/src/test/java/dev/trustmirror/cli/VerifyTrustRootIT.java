package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.PublishedDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify image --trustroot NAME}: the trusted root comes from policy-controller's {@code
 * TrustRoot} resource in the cluster (the fabric8 mock API server, CRUD mode), verified with the
 * TUF client from a pinned root before its {@code trusted_root.json} is used.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class VerifyTrustRootIT {
  private static final Instant T0 = Instant.parse("2025-06-02T12:00:00Z");
  private static final String NAME = "sigstore";

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path tmp;

  @Test
  void verifiesWithTheTrustedRootOfATrustRootResource() throws Exception {
    SigstoreFixtures sigstore = SigstoreFixtures.create(61, SigstoreFixtures.DEFAULT_TIME);
    SigningKey key = sigstore.newKey(KeyAlgorithm.ECDSA_P256);
    Path keyFile = Files.writeString(tmp.resolve("cosign.pub"), key.publicKeyPem());
    Path kubeconfig = publishTrustRoot(sigstore.trustedRoot().toBytes());
    Path pin = tmp.resolve("1.root.json");

    try (DockerRegistry registry = DockerRegistry.start()) {
      PushedImage image = registry.writer().pushRandomImage("tr/app", "v1");
      VerifyImages.pushCosign(
          registry.writer(),
          "tr/app",
          image.manifest().digest(),
          List.of(
              sigstore
                  .cosign()
                  .keyBasedWithTlog(
                      new SignedImage(registry.host() + "/tr/app", image.manifest().digest()),
                      key)));
      String reference = registry.host() + "/tr/app:v1";
      String[] common = {
        "verify",
        "image",
        reference,
        "--insecure-registry",
        registry.host(),
        "--key",
        keyFile.toString(),
        "--kubeconfig",
        kubeconfig.toString(),
        "--time",
        T0.plusSeconds(3600).toString()
      };

      VerifyJar pinned =
          VerifyJar.run(concat(common, "--trustroot", NAME, "--root", pin.toString()));
      VerifyJar missing = VerifyJar.run(concat(common, "--trustroot", "no-such-root"));

      assertThat(pinned.exitCode()).as(pinned.toString()).isZero();
      assertThat(pinned.out())
          .startsWith("VERIFIED " + reference + "@" + image.manifest().digest());
      assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
      assertThat(missing.err()).startsWith("FAILED: There is no TrustRoot no-such-root");
    }
  }

  /**
   * A TUF repository whose {@code trusted_root.json} target is {@code trustedRoot}, synced and
   * published, as a TrustRoot resource in the mock cluster; the pinned root is written to {@code
   * tmp/1.root.json}.
   *
   * @return a kubeconfig naming the mock API server
   */
  private Path publishTrustRoot(byte[] trustedRoot) throws Exception {
    RepoBuilder repo = RepoBuilder.create(T0).addOrChangeTarget("trusted_root.json", trustedRoot);
    byte[] root = repo.metadata(RoleType.ROOT, 1);
    Path pin = Files.write(tmp.resolve("1.root.json"), root);
    Path source = tmp.resolve("source");
    repo.writePublished(source);
    Path out = tmp.resolve("out");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--time",
            T0.toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("policy.sigstore.dev")
            .withVersion("v1alpha1")
            .withKind("TrustRoot")
            .withPlural("trustroots")
            .withScope("Cluster")
            .withStatusSubresource(true)
            .build());
    client
        .genericKubernetesResources(TrustRootResources.API_VERSION, TrustRootResources.KIND)
        .resource(
            TrustRootResources.generate(
                    NAME,
                    TrustRootForm.REPOSITORY,
                    PublishedDirectory.verify(out).repository(),
                    root)
                .resource())
        .create();
    return SyncTrustRootCluster.kubeconfig(
        tmp.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
