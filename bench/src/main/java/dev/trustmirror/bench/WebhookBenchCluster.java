package dev.trustmirror.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.TestCertificates;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * The world the admission benchmark ({@code bench/webhook/run.sh}) runs the webhook in: a fabric8
 * mock API server (CRUD mode) holding a verified {@code TrustRoot} and one {@code
 * ImageTrustPolicy}, Debian's docker-registry on 127.0.0.1 holding three images signed with a key
 * (cosign's format, with a Rekor SET), a serving certificate, and the AdmissionReview of a Pod
 * running the three images by tag. Writes into the directory given as the only argument, prints
 * {@code READY}, and keeps everything running until its standard input closes.
 *
 * <p>Files: {@code kubeconfig}, {@code root.json} (the pinned root), {@code tls.crt}, {@code
 * tls.key}, {@code ca.crt}, {@code review.json}, {@code registry} (its host:port), {@code time}
 * (the instant to verify at: the generated trust material is fresh at that instant only).
 */
public final class WebhookBenchCluster {
  static final Instant T0 = SigstoreFixtures.DEFAULT_TIME;
  static final String TRUST_ROOT = "sigstore";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookBenchCluster() {}

  public static void main(String[] args) throws Exception {
    Path out = Files.createDirectories(Path.of(args[0]));
    SigstoreFixtures sigstore = SigstoreFixtures.create(7, T0);
    SigningKey key = sigstore.newKey(KeyAlgorithm.ECDSA_P256);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (DockerRegistry registry = DockerRegistry.start();
        KubernetesClient client = server.createClient()) {
      ArrayNode containers = JSON.createArrayNode();
      for (int i = 1; i <= 3; i++) {
        String repository = "bench/app-" + i;
        PushedImage image = registry.writer().pushRandomImage(repository, "v1");
        registry
            .writer()
            .pushCosignSignatures(
                repository,
                image.manifest().digest(),
                List.of(
                    sigstore
                        .cosign()
                        .keyBasedWithTlog(
                            new SignedImage(
                                registry.host() + "/" + repository, image.manifest().digest()),
                            key)));
        containers
            .addObject()
            .put("name", "app-" + i)
            .put("image", registry.host() + "/" + repository + ":v1");
      }
      publishTrustRoot(server, client, sigstore.trustedRoot().toBytes(), out);
      publishPolicy(server, client, registry.host(), key.publicKeyPem());
      TestCertificates ca = TestCertificates.newCa("webhook bench");
      TestCertificates.write(ca.issueServer(), out.resolve("tls.crt"), out.resolve("tls.key"));
      ca.writeCa(out.resolve("ca.crt"));
      Files.write(out.resolve("review.json"), review(containers));
      Files.writeString(out.resolve("registry"), registry.host());
      Files.writeString(out.resolve("time"), T0.plusSeconds(3600).toString());
      Files.writeString(
          out.resolve("kubeconfig"), kubeconfig(client.getConfiguration().getMasterUrl()));
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the script closes our standard input
      }
    } finally {
      server.destroy();
    }
  }

  private static void publishTrustRoot(
      KubernetesMockServer server, KubernetesClient client, byte[] trustedRoot, Path out)
      throws Exception {
    RepoBuilder repo = RepoBuilder.create(T0).addOrChangeTarget("trusted_root.json", trustedRoot);
    byte[] root = repo.metadata(RoleType.ROOT, 1);
    Files.write(out.resolve("root.json"), root);
    VerifiedRepository verified =
        new TufUpdater(
                InMemorySource.of("generated", repo.publishedFiles()),
                Clock.fixed(T0, ZoneOffset.UTC),
                Limits.defaults())
            .update(TrustState.pin(root))
            .repository()
            .orElseThrow();
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
            TrustRootResources.generate(TRUST_ROOT, TrustRootForm.REPOSITORY, verified, root)
                .resource())
        .create();
  }

  private static void publishPolicy(
      KubernetesMockServer server, KubernetesClient client, String registryHost, String keyPem)
      throws IOException {
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("trust-mirror.dev")
            .withVersion("v1alpha1")
            .withKind("ImageTrustPolicy")
            .withPlural("imagetrustpolicies")
            .withScope("Cluster")
            .withStatusSubresource(true)
            .build());
    ObjectNode policy = JSON.createObjectNode();
    policy.put("apiVersion", "trust-mirror.dev/v1alpha1");
    policy.put("kind", "ImageTrustPolicy");
    policy.putObject("metadata").put("name", "bench-signed").put("generation", 1);
    ObjectNode spec = policy.putObject("spec");
    spec.putArray("images").add(registryHost + "/bench/**");
    ObjectNode authority = spec.putArray("authorities").addObject();
    authority.put("name", "release");
    authority.putArray("keys").addObject().put("data", keyPem);
    spec.put("trustRootRef", TRUST_ROOT);
    spec.put("failurePolicy", "Block");
    client
        .genericKubernetesResources("trust-mirror.dev/v1alpha1", "ImageTrustPolicy")
        .resource(JSON.treeToValue(policy, GenericKubernetesResource.class))
        .create();
  }

  /** A Pod CREATE review, as the API server sends it, running {@code containers}. */
  private static byte[] review(ArrayNode containers) throws IOException {
    ObjectNode review = JSON.createObjectNode();
    review.put("kind", "AdmissionReview");
    review.put("apiVersion", "admission.k8s.io/v1");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.nameUUIDFromBytes("bench".getBytes(StandardCharsets.UTF_8)).toString());
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.put("namespace", "shop");
    request.put("operation", "CREATE");
    request
        .putObject("userInfo")
        .put("username", "system:serviceaccount:kube-system:replicaset-controller");
    ObjectNode pod = request.putObject("object");
    pod.put("kind", "Pod");
    pod.put("apiVersion", "v1");
    pod.putObject("metadata").put("generateName", "web-").put("namespace", "shop");
    ObjectNode spec = pod.putObject("spec");
    spec.set("containers", containers);
    spec.put("serviceAccountName", "default");
    request.put("dryRun", false);
    request.putObject("options").put("kind", "CreateOptions").put("apiVersion", "meta.k8s.io/v1");
    return JSON.writeValueAsBytes(review);
  }

  private static String kubeconfig(String server) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: bench",
        "  cluster:",
        "    server: " + server,
        "contexts:",
        "- name: bench",
        "  context:",
        "    cluster: bench",
        "    user: bench",
        "current-context: bench",
        "users:",
        "- name: bench",
        "  user:",
        "    token: not-a-secret",
        "");
  }
}
