package dev.trustmirror.verifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.testkit.registry.RegistryWriter;
import dev.trustmirror.testkit.registry.RegistryWriter.PushedImage;
import dev.trustmirror.testkit.sigstore.KeyAlgorithm;
import dev.trustmirror.testkit.sigstore.SignedImage;
import dev.trustmirror.testkit.sigstore.SigningKey;
import dev.trustmirror.testkit.sigstore.SigstoreFixtures;
import dev.trustmirror.verifier.admission.AdmissionDecider;
import dev.trustmirror.verifier.admission.AdmissionWebhook;
import dev.trustmirror.verifier.admission.CheckExecutors;
import dev.trustmirror.verifier.admission.KeySecrets;
import dev.trustmirror.verifier.admission.PullAuth;
import dev.trustmirror.verifier.admission.WarningEvent;
import dev.trustmirror.verifier.admission.WebhookSettings;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.discovery.SignaturePushes;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.registry.Credentials;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.registry.RegistryCredentials;
import dev.trustmirror.verifier.trust.TrustedRoot;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook end to end: AdmissionReviews posted over HTTPS (HTTP/2) to a running {@link
 * WebhookServer}, decided by the {@link AdmissionWebhook} over a {@link RegistryImageChecker}
 * reading a real docker-registry on 127.0.0.1, images cosign-signed by the testkit's private
 * Sigstore. Shows allowed, denied, warned and pinned reviews, pull secrets reaching the registry,
 * and an unreachable registry denying under Block.
 */
class WebhookServerIT {
  private static final SigstoreFixtures SIGSTORE =
      SigstoreFixtures.create(41, SigstoreFixtures.DEFAULT_TIME);
  private static final Clock LATER =
      Clock.fixed(SigstoreFixtures.DEFAULT_TIME.plus(Duration.ofDays(1)), ZoneOffset.UTC);
  private static final SigningKey KEY = SIGSTORE.newKey(KeyAlgorithm.ECDSA_P256);

  private static Vertx vertx;
  private static ExecutorService checks;
  private static DockerRegistry registry;
  private static DockerRegistry privateRegistry;
  private static String goneHost;
  private static PushedImage signed;
  private static PushedImage privateSigned;
  private static RegistryImageChecker checker;
  private static WebhookServer server;
  private static WebhookTestKit kit;
  private static final List<WarningEvent> EVENTS = new CopyOnWriteArrayList<>();
  private static final List<PullAuth> PULLS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    checks = CheckExecutors.bounded(16, 64);
    registry = DockerRegistry.start();
    privateRegistry = DockerRegistry.builder().basicAuth("alice", "s3cret").start();
    try (DockerRegistry gone = DockerRegistry.start()) {
      goneHost = gone.host();
    }
    signed = pushSigned(registry, "wh/app");
    registry.writer().pushRandomImage("wh/unsigned", "v1");
    registry.writer().pushRandomImage("lab/tool", "v1");
    privateSigned = pushSigned(privateRegistry, "wh/private");

    String host = registry.host();
    String privateHost = privateRegistry.host();
    PullCredentials pullSecrets =
        auth -> {
          PULLS.add(auth);
          return auth.pullSecrets().contains("regcred")
              ? RegistryCredentials.of(Map.of(privateHost, new Credentials("alice", "s3cret")))
              : RegistryCredentials.none();
        };
    VerdictCache verdicts = VerdictCache.create(VerdictCacheSettings.DEFAULTS);
    checker =
        RegistryImageChecker.create(
            RegistryClientOptions.builder()
                .insecureRegistries(Set.of(host, privateHost, goneHost))
                .retries(0)
                .connectTimeout(Duration.ofSeconds(3))
                .requestTimeout(Duration.ofSeconds(5))
                .build(),
            pullSecrets,
            verdicts,
            DiscoveryLimits.DEFAULTS,
            LATER);
    TrustedRoot root = TrustedRoot.parse(SIGSTORE.trustedRoot().toBytes(), "testkit root");
    PolicySet policies =
        PolicySet.of(
            List.of(
                WebhookTestKit.keyPolicy("release", "Block", host + "/wh/**", KEY.publicKeyPem()),
                WebhookTestKit.keyPolicy("lab", "Warn", host + "/lab/**", KEY.publicKeyPem()),
                WebhookTestKit.keyPolicy(
                    "private", "Block", privateHost + "/**", KEY.publicKeyPem()),
                WebhookTestKit.keyPolicy("gone", "Block", goneHost + "/**", KEY.publicKeyPem())));
    AdmissionDecider decider =
        AdmissionDecider.create(
            checker, ref -> Optional.of(root), KeySecrets.none(), checks, Ticker.systemTicker());
    AdmissionWebhook webhook =
        AdmissionWebhook.create(
            decider, () -> policies, ns -> Optional.of(Map.of()), WebhookSettings.DEFAULTS, LATER);
    kit = new WebhookTestKit(dir);
    server =
        WebhookServer.start(
                vertx,
                WebhookServerOptions.builder(kit.certificate, kit.privateKey, Clock.systemUTC())
                    .port(0)
                    .events(EVENTS::add)
                    .verdictCacheSize(checker::cacheSize)
                    .build(),
                webhook)
            .await();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close().await();
    }
    for (DockerRegistry r : new DockerRegistry[] {registry, privateRegistry}) {
      if (r != null) {
        r.close();
      }
    }
    if (checks != null) {
      checks.shutdownNow();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @BeforeEach
  void forget() {
    EVENTS.clear();
    PULLS.clear();
  }

  private static PushedImage pushSigned(DockerRegistry target, String path) throws Exception {
    RegistryWriter writer = target.writer();
    PushedImage image = writer.pushRandomImage(path, "v1");
    SignaturePushes.pushCosign(
        writer,
        path,
        image.manifest().digest(),
        List.of(
            SIGSTORE
                .cosign()
                .keyBasedWithTlog(
                    new SignedImage(target.host() + "/" + path, image.manifest().digest()), KEY)));
    return image;
  }

  private static JsonNode post(String path, byte[] review) throws Exception {
    HttpResponse<String> response = kit.review(server.url(), path, review);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return WebhookTestKit.tree(response.body()).get("response");
  }

  private static String app() {
    return registry.host() + "/wh/app:v1";
  }

  @Test
  void aPodRunningAKeySignedImageIsAllowed() throws Exception {
    JsonNode response = post("validate", WebhookTestKit.pod(app()));

    assertThat(response.get("allowed").booleanValue()).as(response.toString()).isTrue();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void aDeploymentAndACronJobRunningItAreAllowedWithThePodsPullSecrets() throws Exception {
    byte[] deployment =
        WebhookTestKit.review(
            "deployment-create.json",
            image -> image.startsWith("registry.example/") ? app() : image);
    byte[] cronJob =
        WebhookTestKit.review(
            "cronjob-create.json", image -> image.startsWith("registry.example/") ? app() : image);

    JsonNode deploymentResponse = post("validate", deployment);
    JsonNode cronJobResponse = post("validate", cronJob);

    assertThat(deploymentResponse.get("allowed").booleanValue())
        .as(deploymentResponse.toString())
        .isTrue();
    assertThat(cronJobResponse.get("allowed").booleanValue())
        .as(cronJobResponse.toString())
        .isTrue();
    assertThat(PULLS).contains(new PullAuth("shop", "default", List.of("regcred", "mirror-cred")));
  }

  /**
   * Every workload kind, as the API server sends it (the real reviews of the admission tests), with
   * each of its images replaced: allowed and pinned when signed, denied when one is not.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "pod-create.json",
        "deployment-create.json",
        "replicaset-create.json",
        "statefulset-create.json",
        "daemonset-create.json",
        "job-create.json",
        "cronjob-create.json"
      })
  void everyWorkloadKindIsAllowedAndPinnedWhenSignedAndDeniedWhenNot(String name) throws Exception {
    byte[] signedReview = WebhookTestKit.review(name, image -> app());
    String unsigned = registry.host() + "/wh/unsigned:v1";
    byte[] unsignedReview = WebhookTestKit.review(name, image -> unsigned);

    JsonNode allowed = post("mutate", signedReview);
    JsonNode denied = post("validate", unsignedReview);

    assertThat(allowed.get("allowed").booleanValue()).as(allowed.toString()).isTrue();
    JsonNode patched =
        WebhookTestKit.applyPatch(
            WebhookTestKit.tree(new String(signedReview, java.nio.charset.StandardCharsets.UTF_8))
                .at("/request/object"),
            Base64.getDecoder().decode(allowed.get("patch").textValue()));
    List<String> images = new java.util.ArrayList<>();
    WebhookTestKit.replaceImages(
        patched,
        image -> {
          images.add(image);
          return image;
        });
    assertThat(images)
        .isNotEmpty()
        .allSatisfy(
            image ->
                assertThat(image)
                    .isEqualTo(registry.host() + "/wh/app@" + signed.manifest().digest()));
    assertThat(denied.get("allowed").booleanValue()).as(denied.toString()).isFalse();
    assertThat(denied.at("/status/message").textValue())
        .contains(unsigned)
        .contains("policy \"release\" (Block)");
  }

  @Test
  void anUnsignedImageIsDeniedUnderBlockNamingContainerImageAndPolicy() throws Exception {
    String unsigned = registry.host() + "/wh/unsigned:v1";

    JsonNode response = post("validate", WebhookTestKit.pod(app(), unsigned));

    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.at("/status/code").intValue()).isEqualTo(403);
    assertThat(response.at("/status/message").textValue())
        .contains("container \"c1\" image \"" + unsigned + "\"")
        .contains("policy \"release\" (Block)")
        .doesNotContain("\"c0\"");
  }

  @Test
  void anUnsignedImageUnderWarnIsAllowedWithWarningsAndAnEvent() throws Exception {
    String tool = registry.host() + "/lab/tool:v1";

    JsonNode response = post("validate", WebhookTestKit.pod(tool));

    assertThat(response.get("allowed").booleanValue()).isTrue();
    assertThat(response.get("warnings").get(0).textValue()).contains("lab").contains(tool);
    assertThat(EVENTS).hasSize(1);
    assertThat(EVENTS.get(0).reason()).isEqualTo(WarningEvent.NOT_VERIFIED);
    assertThat(EVENTS.get(0).message()).contains(tool);
  }

  @Test
  void mutatePinsTheVerifiedTagToTheRegistrysDigest() throws Exception {
    byte[] review = WebhookTestKit.pod(app());

    JsonNode response = post("mutate", review);

    assertThat(response.get("allowed").booleanValue()).isTrue();
    assertThat(response.get("patchType").textValue()).isEqualTo("JSONPatch");
    JsonNode patched =
        WebhookTestKit.applyPatch(
            WebhookTestKit.tree(new String(review, java.nio.charset.StandardCharsets.UTF_8))
                .at("/request/object"),
            Base64.getDecoder().decode(response.get("patch").textValue()));
    assertThat(patched.at("/spec/containers/0/image").textValue())
        .isEqualTo(registry.host() + "/wh/app@" + signed.manifest().digest());
  }

  @Test
  void anUnreachableRegistryDeniesUnderBlock() throws Exception {
    String image = goneHost + "/wh/app:v1";

    JsonNode response = post("validate", WebhookTestKit.pod(image));

    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.at("/status/message").textValue())
        .contains(image)
        .contains("policy \"gone\" (Block)");
  }

  @Test
  void aPrivateRegistryIsReadWithThePodsPullSecretAndRefusedWithout() throws Exception {
    String image = privateRegistry.host() + "/wh/private:v1";
    ObjectNode withoutSecret =
        (ObjectNode) WebhookTestKit.tree(new String(WebhookTestKit.pod(image)));
    ((ObjectNode) withoutSecret.at("/request/object/spec")).remove("imagePullSecrets");

    JsonNode allowed = post("validate", WebhookTestKit.pod(image));
    JsonNode denied = post("validate", WebhookTestKit.bytes(withoutSecret));

    assertThat(allowed.get("allowed").booleanValue()).as(allowed.toString()).isTrue();
    assertThat(denied.get("allowed").booleanValue()).isFalse();
    assertThat(denied.at("/status/message").textValue()).contains("policy \"private\" (Block)");
    assertThat(checker.registryClients()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void metricsCountTheReviewsAndShowTheVerdictCache() throws Exception {
    post("validate", WebhookTestKit.pod(app()));

    String metrics = kit.get(server.url(), "metrics").body();

    assertThat(metrics)
        .containsPattern(
            "trust_mirror_webhook_reviews_total\\{outcome=\"allowed\",path=\"validate\"} [1-9]")
        .containsPattern("trust_mirror_verdict_cache_size [1-9]");
  }
}
