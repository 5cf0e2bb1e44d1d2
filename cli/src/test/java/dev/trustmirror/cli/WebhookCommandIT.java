package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.registry.TestCertificates;
import dev.trustmirror.testkit.sigstore.Identity;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.LeafRequest;
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
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-mirror webhook} as the chart runs it: the shaded jar in its own JVM, HTTPS with a
 * test CA, policies and the TrustRoot in the fabric8 mock API server (CRUD mode), images and their
 * keyless signatures (testkit's private Sigstore, two of them: the CA before and after a rotation)
 * in Debian's docker-registry. AdmissionReviews are posted over HTTPS as the API server posts them.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class WebhookCommandIT {
  private static final Instant T0 = SigstoreFixtures.DEFAULT_TIME;
  private static final String TRUST_ROOT = "sigstore";
  private static final String ISSUER = "https://accounts.example.com";
  private static final String EMAIL = "release@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path tmp;

  private final SigstoreFixtures before = SigstoreFixtures.create(81, T0);
  private final SigstoreFixtures after = SigstoreFixtures.create(82, T0);
  private DockerRegistry registry;
  private RepoBuilder repo;
  private byte[] pinnedRoot;
  private HttpClient https;
  private ServeProcess webhook;
  private String signedBefore;
  private String signedAfter;

  @BeforeEach
  void start() throws Exception {
    registry = DockerRegistry.start();
    signedBefore = pushKeyless("wh/before", before);
    signedAfter = pushKeyless("wh/after", after);
    expectCustomResources();
    repo = RepoBuilder.create(T0).addOrChangeTarget("trusted_root.json", trustedRoot(before));
    pinnedRoot = repo.metadata(RoleType.ROOT, 1);
    client.genericKubernetesResources(TRUST_ROOTS).resource(trustRoot()).create();
    applyPolicy(keylessPolicy("signed-releases", "Block"));

    TestCertificates ca = TestCertificates.newCa("webhook IT");
    TestCertificates.write(ca.issueServer(), tmp.resolve("tls.crt"), tmp.resolve("tls.key"));
    https = HttpClient.newBuilder().sslContext(ca.trustingSslContext()).build();
    Path root = Files.write(tmp.resolve("root.json"), pinnedRoot);
    webhook =
        ServeProcess.launch(
            List.of(
                "webhook",
                "--host=127.0.0.1",
                "--port=0",
                "--tls-cert=" + tmp.resolve("tls.crt"),
                "--tls-key=" + tmp.resolve("tls.key"),
                "--root=" + root,
                "--trustroot=" + TRUST_ROOT,
                "--kubeconfig=" + kubeconfig(),
                "--insecure-registry=" + registry.host(),
                "--timeout=10s",
                "--time=" + T0.plusSeconds(3600)));
    awaitReady();
  }

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aRotatedCaInANewTrustRootTurnsADenialIntoAnAdmissionWithoutARestart() throws Exception {
    allowed(review("/validate", signedBefore));
    JsonNode denied = review("/validate", signedAfter);
    assertThat(denied.at("/response/allowed").asBoolean()).isFalse();
    assertThat(denied.at("/response/status/message").asText())
        .contains("app", signedAfter, "signed-releases");

    repo.at(T0.plusSeconds(60)).addOrChangeTarget("trusted_root.json", trustedRoot(after));
    client.genericKubernetesResources(TRUST_ROOTS).resource(trustRoot()).update();
    long applied = System.nanoTime();
    JsonNode answer = awaitAllowed(signedAfter, Duration.ofSeconds(30));
    Duration switched = Duration.ofNanos(System.nanoTime() - applied);
    System.out.println(
        "webhook switched to the rotated CA " + switched.toMillis() + " ms after the update");

    assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
    assertThat(switched).as("the decision changes within 2 s").isLessThan(Duration.ofSeconds(2));
    assertThat(review("/validate", signedBefore).at("/response/allowed").asBoolean())
        .as("the old CA is gone from the new trusted root")
        .isFalse();
  }

  @Test
  void aBrokenTrustRootKeepsTheLastGoodOneAndSaysSoOnTheResource() throws Exception {
    GenericKubernetesResource broken = trustRootWithFlippedByte();
    client.genericKubernetesResources(TRUST_ROOTS).resource(broken).update();

    GenericKubernetesResource resource = awaitCondition("False", Duration.ofSeconds(30));
    assertThat(conditions(resource))
        .anySatisfy(
            c -> {
              assertThat(c.get("type")).isEqualTo("trust-mirror.dev/WebhookVerified");
              assertThat(c.get("status")).isEqualTo("False");
            });
    assertThat(awaitEvent("TrustRootRefused", Duration.ofSeconds(30)).getInvolvedObject().getName())
        .isEqualTo(TRUST_ROOT);
    allowed(review("/validate", signedBefore));
    assertThat(review("/validate", signedAfter).at("/response/allowed").asBoolean()).isFalse();
  }

  @Test
  void aNewPolicyAppliesWithoutARestartAndMutationPinsTheDigest() throws Exception {
    JsonNode mutated = review("/mutate", signedBefore);
    allowed(mutated);
    String patch =
        new String(
            Base64.getDecoder().decode(mutated.at("/response/patch").asText()),
            StandardCharsets.UTF_8);
    assertThat(patch).contains(signedBefore.replace(":v1", "") + "@sha256:");

    SigningKey key = before.newKey(KeyAlgorithm.ECDSA_P256);
    ObjectNode strict = keyPolicy("key-required", key.publicKeyPem());
    applyPolicy(strict);
    JsonNode denied = awaitDenied(signedBefore, Duration.ofSeconds(30));
    assertThat(denied.at("/response/status/message").asText()).contains("key-required");

    client.genericKubernetesResources(POLICIES).withName("key-required").delete();
    awaitAllowed(signedBefore, Duration.ofSeconds(30));
  }

  @Test
  void hostileBodiesAreNeverAdmitted() throws Exception {
    List<byte[]> bodies =
        List.of(
            new byte[0],
            "{".getBytes(StandardCharsets.UTF_8),
            "[]".getBytes(StandardCharsets.UTF_8),
            "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"u\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"object\":{\"spec\":{\"containers\":\"nope\"}}}}"
                .getBytes(StandardCharsets.UTF_8),
            "[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    for (byte[] body : bodies) {
      HttpResponse<String> response = post("/validate", body);
      if (response.statusCode() == 200) {
        assertThat(JSON.readTree(response.body()).at("/response/allowed").asBoolean())
            .as(response.body())
            .isFalse();
      } else {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
      }
    }
  }

  // --- the world ---

  private String pushKeyless(String repository, SigstoreFixtures sigstore) throws Exception {
    PushedImage image = registry.writer().pushRandomImage(repository, "v1");
    registry
        .writer()
        .pushCosignSignatures(
            repository,
            image.manifest().digest(),
            List.of(
                sigstore
                    .cosign()
                    .keyless(
                        new SignedImage(
                            registry.host() + "/" + repository, image.manifest().digest()),
                        sigstore.fulcio().issue(LeafRequest.of(Identity.email(EMAIL), ISSUER)))));
    return registry.host() + "/" + repository + ":v1";
  }

  private static byte[] trustedRoot(SigstoreFixtures sigstore) throws Exception {
    return sigstore.trustedRoot().toBytes();
  }

  private static final CustomResourceDefinitionContext TRUST_ROOTS =
      new CustomResourceDefinitionContext.Builder()
          .withGroup("policy.sigstore.dev")
          .withVersion("v1alpha1")
          .withKind("TrustRoot")
          .withPlural("trustroots")
          .withScope("Cluster")
          .withStatusSubresource(true)
          .build();

  private static final CustomResourceDefinitionContext POLICIES =
      new CustomResourceDefinitionContext.Builder()
          .withGroup("trust-mirror.dev")
          .withVersion("v1alpha1")
          .withKind("ImageTrustPolicy")
          .withPlural("imagetrustpolicies")
          .withScope("Cluster")
          .withStatusSubresource(true)
          .build();

  private void expectCustomResources() {
    server.expectCustomResource(TRUST_ROOTS);
    server.expectCustomResource(POLICIES);
  }

  private VerifiedRepository verified() throws Exception {
    return new TufUpdater(
            InMemorySource.of("generated", repo.publishedFiles()),
            Clock.fixed(repo.now(), ZoneOffset.UTC),
            Limits.defaults())
        .update(TrustState.pin(pinnedRoot))
        .repository()
        .orElseThrow();
  }

  /** The TrustRoot of the repository's current state, carrying the server's resourceVersion. */
  private GenericKubernetesResource trustRoot() throws Exception {
    GenericKubernetesResource resource =
        TrustRootResources.generate(TRUST_ROOT, TrustRootForm.REPOSITORY, verified(), pinnedRoot)
            .resource();
    GenericKubernetesResource current =
        client.genericKubernetesResources(TRUST_ROOTS).withName(TRUST_ROOT).get();
    if (current != null) {
      resource.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    }
    return resource;
  }

  @SuppressWarnings("unchecked")
  private GenericKubernetesResource trustRootWithFlippedByte() throws Exception {
    repo.at(T0.plusSeconds(120)).bumpSnapshot();
    GenericKubernetesResource resource = trustRoot();
    Map<String, Object> repository =
        (Map<String, Object>)
            ((Map<String, Object>) resource.getAdditionalProperties().get("spec"))
                .get("repository");
    byte[] archive = Base64.getDecoder().decode((String) repository.get("mirrorFS"));
    archive[archive.length / 2] ^= 0x01;
    repository.put("mirrorFS", Base64.getEncoder().encodeToString(archive));
    return resource;
  }

  private ObjectNode keylessPolicy(String name, String failurePolicy) {
    ObjectNode policy = policy(name);
    ObjectNode spec = (ObjectNode) policy.get("spec");
    spec.put("failurePolicy", failurePolicy);
    ObjectNode identity =
        spec.putArray("authorities")
            .addObject()
            .put("name", "ci")
            .putObject("keyless")
            .putArray("identities")
            .addObject();
    identity.put("issuer", ISSUER).put("subject", EMAIL);
    return policy;
  }

  private ObjectNode keyPolicy(String name, String pem) {
    ObjectNode policy = policy(name);
    ObjectNode spec = (ObjectNode) policy.get("spec");
    spec.putArray("authorities")
        .addObject()
        .put("name", "release")
        .putArray("keys")
        .addObject()
        .put("data", pem);
    return policy;
  }

  private ObjectNode policy(String name) {
    ObjectNode policy = JSON.createObjectNode();
    policy.put("apiVersion", "trust-mirror.dev/v1alpha1");
    policy.put("kind", "ImageTrustPolicy");
    policy.putObject("metadata").put("name", name);
    ObjectNode spec = policy.putObject("spec");
    spec.putArray("images").add(registry.host() + "/wh/**");
    spec.put("trustRootRef", TRUST_ROOT);
    return policy;
  }

  private void applyPolicy(ObjectNode policy) throws Exception {
    client
        .genericKubernetesResources(POLICIES)
        .resource(JSON.treeToValue(policy, GenericKubernetesResource.class))
        .create();
  }

  private Path kubeconfig() throws Exception {
    return SyncTrustRootCluster.kubeconfig(
        tmp.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
  }

  // --- talking to the webhook ---

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last =
          https.send(
              HttpRequest.newBuilder(url("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
      if (last.statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    fail(
        "the webhook never became ready: %s %s%n%s",
        last.statusCode(), last.body(), webhook.output());
  }

  private URI url(String path) {
    return webhook.baseUrl().resolve(path.substring(1));
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return https.send(
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode review(String path, String image) throws Exception {
    HttpResponse<String> response = post(path, podReview(image));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode awaitAllowed(String image, Duration limit) throws Exception {
    return awaitDecision(image, true, limit);
  }

  private JsonNode awaitDenied(String image, Duration limit) throws Exception {
    return awaitDecision(image, false, limit);
  }

  private JsonNode awaitDecision(String image, boolean allowed, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = review("/validate", image);
      if (last.at("/response/allowed").asBoolean() == allowed) {
        return last;
      }
      Thread.sleep(20);
    }
    return fail(
        "%s was never %s: %s%n%s", image, allowed ? "allowed" : "denied", last, webhook.output());
  }

  private GenericKubernetesResource awaitCondition(String status, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    GenericKubernetesResource last = null;
    while (System.nanoTime() < deadline) {
      last = client.genericKubernetesResources(TRUST_ROOTS).withName(TRUST_ROOT).get();
      if (conditions(last).stream()
          .anyMatch(
              c ->
                  "trust-mirror.dev/WebhookVerified".equals(c.get("type"))
                      && status.equals(c.get("status")))) {
        return last;
      }
      Thread.sleep(50);
    }
    return fail("no WebhookVerified=%s condition: %s%n%s", status, last, webhook.output());
  }

  /** The Event of {@code reason} in {@code default}, once posted (after the condition). */
  private Event awaitEvent(String reason, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      for (Event e : client.v1().events().inNamespace("default").list().getItems()) {
        if (reason.equals(e.getReason())) {
          return e;
        }
      }
      Thread.sleep(50);
    }
    return fail("no %s Event in default%n%s", reason, webhook.output());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> conditions(GenericKubernetesResource resource) {
    Object status = resource.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return List.of();
    }
    return (List<Map<String, Object>>) list;
  }

  private static void allowed(JsonNode answer) {
    assertThat(answer.at("/response/allowed").asBoolean()).as(answer.toString()).isTrue();
  }

  /** A Pod CREATE review as the API server sends it, running {@code image} in container "app". */
  private static byte[] podReview(String image) throws Exception {
    ObjectNode review = JSON.createObjectNode();
    review.put("kind", "AdmissionReview");
    review.put("apiVersion", "admission.k8s.io/v1");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.put("namespace", "shop");
    request.put("operation", "CREATE");
    request.putObject("userInfo").put("username", "kubernetes-admin");
    ObjectNode pod = request.putObject("object");
    pod.put("kind", "Pod");
    pod.put("apiVersion", "v1");
    pod.putObject("metadata").put("name", "web").put("namespace", "shop");
    ArrayNode containers = pod.putObject("spec").putArray("containers");
    containers.addObject().put("name", "app").put("image", image);
    request.put("dryRun", false);
    return JSON.writeValueAsBytes(review);
  }
}
