package dev.trustmirror.verifier.admission;

import static dev.trustmirror.verifier.admission.Fixtures.digest;
import static dev.trustmirror.verifier.admission.Fixtures.policies;
import static dev.trustmirror.verifier.admission.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.policy.PolicySet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AdmissionReview in, reply out: uid, allowed, status, warnings, patch, Event. */
class AdmissionWebhookTest {
  private static final ExecutorService EXECUTOR = CheckExecutors.bounded(4, 256);
  private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private static final String POD_UID = "b4c1a6e2-0d5f-4c2b-9a77-3f8e1d2c4b60";

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  static AdmissionWebhook webhook(ImageChecker checker, PolicySet set) {
    return webhook(checker, () -> set);
  }

  static AdmissionWebhook webhook(ImageChecker checker, Supplier<PolicySet> set) {
    AdmissionDecider decider =
        AdmissionDecider.create(
            checker, Fixtures.DEFAULT_ROOT, KeySecrets.none(), EXECUTOR, Ticker.systemTicker());
    return AdmissionWebhook.create(
        decider,
        set,
        ns -> Optional.of(Map.of("kubernetes.io/metadata.name", ns)),
        WebhookSettings.DEFAULTS,
        CLOCK);
  }

  private static JsonNode response(WebhookReply reply) {
    assertThat(reply.httpStatus()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/json");
    JsonNode review = Fixtures.tree(reply.body());
    assertThat(review.get("apiVersion").textValue()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.get("kind").textValue()).isEqualTo("AdmissionReview");
    return review.get("response");
  }

  private static JsonNode patched(String file, WebhookReply reply) {
    JsonNode response = response(reply);
    assertThat(response.get("patchType").textValue()).isEqualTo("JSONPatch");
    byte[] patch = Base64.getDecoder().decode(response.get("patch").textValue());
    return JsonPatch.apply(Fixtures.reviewTree(file).at("/request/object"), patch);
  }

  private static List<String> images(JsonNode object, Workload workload) {
    List<String> images = new ArrayList<>();
    for (ContainerImage image : workload.images()) {
      images.add(object.at(image.pointer()).textValue());
    }
    return images;
  }

  @Test
  void validateAdmitsAVerifiedPodEchoingTheUidWithoutPatch() {
    WebhookReply reply =
        webhook(RecordingChecker.verifying(), policies(policy("all", "Block", "**")))
            .validate(Fixtures.review("pod-create.json"));

    JsonNode response = response(reply);
    assertThat(response.get("uid").textValue()).isEqualTo(POD_UID);
    assertThat(response.get("allowed").booleanValue()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("warnings")).isFalse();
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.ALLOWED);
    assertThat(reply.uid()).contains(POD_UID);
    assertThat(reply.event()).isEmpty();
  }

  @Test
  void mutatePinsEveryVerifiedTagAndKeepsDigests() {
    WebhookReply reply =
        webhook(RecordingChecker.verifying(), policies(policy("all", "Block", "**")))
            .mutate(Fixtures.review("pod-create.json"));

    JsonNode object = patched("pod-create.json", reply);
    assertThat(object.at("/spec/containers/0/image").textValue())
        .isEqualTo("registry.example/shop/web@" + digest("registry.example/shop/web:1.4.2"));
    assertThat(object.at("/spec/containers/1/image").textValue())
        .isEqualTo(
            "ghcr.io/acme/proxy@sha256:1241936d4dd3aad68fe7bfbdfe854b935926bc678fc72377e15166078916227a");
    assertThat(object.at("/spec/initContainers/0/image").textValue())
        .isEqualTo("busybox@" + digest("docker.io/library/busybox:1.36"));
    // nothing else of the object changes
    ((ObjectNode) object.at("/spec/containers/0")).put("image", "registry.example/shop/web:1.4.2");
    ((ObjectNode) object.at("/spec/initContainers/0")).put("image", "busybox:1.36");
    assertThat(object).isEqualTo(Fixtures.reviewTree("pod-create.json").at("/request/object"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "deployment-create.json",
        "replicaset-create.json",
        "statefulset-create.json",
        "daemonset-create.json",
        "job-create.json",
        "cronjob-create.json"
      })
  void mutatePinsTheImagesOfEveryWorkloadKind(String file) {
    WebhookReply reply =
        webhook(RecordingChecker.verifying(), policies(policy("all", "Block", "**")))
            .mutate(Fixtures.review(file));

    JsonNode object = patched(file, reply);
    Workload workload = reply.decision().orElseThrow().workload();
    assertThat(workload.images()).isNotEmpty();
    assertThat(images(object, workload)).allMatch(image -> image.contains("@sha256:"));
  }

  @Test
  void neverPinsAnImageThatWasNotVerified() {
    RecordingChecker checker =
        new RecordingChecker(
            (request, digest) ->
                request.image().repository().path().startsWith("shop/")
                    ? Fixtures.refused(digest, "unsigned")
                    : Fixtures.verified(digest));

    WebhookReply reply =
        webhook(checker, policies(policy("audit", "Warn", "**")))
            .mutate(Fixtures.review("deployment-create.json"));

    JsonNode object = patched("deployment-create.json", reply);
    assertThat(object.at("/spec/template/spec/containers/0/image").textValue())
        .isEqualTo("registry.example/shop/web:1.4.2");
    assertThat(object.at("/spec/template/spec/initContainers/0/image").textValue())
        .isEqualTo("registry.example/shop/migrate:1.4.2");
    assertThat(object.at("/spec/template/spec/containers/1/image").textValue())
        .startsWith("quay.io/prometheus/statsd-exporter@sha256:");
  }

  @Test
  void blockDeniesNamingContainerImagePolicyAndEveryReason() {
    WebhookReply reply =
        webhook(
                RecordingChecker.refusing("the signature does not verify", "no Rekor entry"),
                policies(policy("prod-signed", "Block", "registry.example/**")))
            .mutate(Fixtures.review("deployment-create.json"));

    JsonNode response = response(reply);
    assertThat(response.get("uid").textValue()).isEqualTo("3f9b0d51-77a2-4e0c-b1d4-5e6f7a8b9c0d");
    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.at("/status/code").intValue()).isEqualTo(403);
    assertThat(response.at("/status/reason").textValue()).isEqualTo("Forbidden");
    String message = response.at("/status/message").textValue();
    assertThat(message)
        .contains("Deployment shop/web")
        .contains("2 images do not pass")
        .contains("container \"web\" image \"registry.example/shop/web:1.4.2\"")
        .contains("init container \"migrate\" image \"registry.example/shop/migrate:1.4.2\"")
        .contains("policy \"prod-signed\" (Block): not verified")
        .contains("the signature does not verify")
        .contains("no Rekor entry")
        .doesNotContain("statsd-exporter");
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.DENIED);
    assertThat(reply.event()).isEmpty();
  }

  @Test
  void warnAdmitsWithTheReasonsAsWarningsAndAnEventOnValidateOnly() {
    AdmissionWebhook webhook =
        webhook(
            RecordingChecker.refusing("no signature found"),
            policies(policy("audit", "Warn", "registry.example/shop/**")));

    WebhookReply validate = webhook.validate(Fixtures.review("deployment-create.json"));
    JsonNode response = response(validate);
    assertThat(response.get("allowed").booleanValue()).isTrue();
    List<String> warnings = new ArrayList<>();
    response.get("warnings").forEach(w -> warnings.add(w.textValue()));
    assertThat(warnings)
        .containsExactly(
            "container \"web\" image \"registry.example/shop/web:1.4.2\": policy \"audit\" (Warn):"
                + " not verified: signature 1, key 1: no signature found",
            "init container \"migrate\" image \"registry.example/shop/migrate:1.4.2\": policy"
                + " \"audit\" (Warn): not verified: signature 1, key 1: no signature found");
    assertThat(validate.outcome()).isEqualTo(ReviewOutcome.WARNED);

    WarningEvent event = validate.event().orElseThrow();
    assertThat(event.reason()).isEqualTo(WarningEvent.NOT_VERIFIED);
    assertThat(event.time()).isEqualTo(Fixtures.NOW);
    assertThat(event.message()).contains("Deployment shop/web").contains("no signature found");
    assertThat(event.involvedObject())
        .isEqualTo(new InvolvedObject("apps/v1", "Deployment", "shop", "web", Optional.empty()));

    WebhookReply mutate = webhook.mutate(Fixtures.review("deployment-create.json"));
    assertThat(response(mutate).get("warnings")).hasSize(2);
    assertThat(mutate.event()).isEmpty();
  }

  @Test
  void anUnreachableRegistryUnderWarnGivesACheckFailedEvent() {
    WebhookReply reply =
        webhook(
                r -> {
                  throw new IOException("connect timed out");
                },
                policies(policy("audit", "Warn", "**")))
            .validate(Fixtures.review("job-create.json"));

    assertThat(response(reply).get("allowed").booleanValue()).isTrue();
    assertThat(reply.event().orElseThrow().reason()).isEqualTo(WarningEvent.CHECK_FAILED);
  }

  @Test
  void anUnreachableRegistryUnderBlockDenies() {
    WebhookReply reply =
        webhook(
                r -> {
                  throw new IOException("connect timed out");
                },
                policies(policy("prod", "Block", "**")))
            .validate(Fixtures.review("job-create.json"));

    JsonNode response = response(reply);
    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.at("/status/message").textValue())
        .contains("registry unavailable")
        .contains("connect timed out");
  }

  @Test
  void aDryRunGetsNoEvent() {
    ObjectNode review = Fixtures.reviewTree("deployment-create.json");
    ((ObjectNode) review.get("request")).put("dryRun", true);

    WebhookReply reply =
        webhook(RecordingChecker.refusing("unsigned"), policies(policy("audit", "Warn", "**")))
            .validate(Fixtures.bytes(review));

    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.WARNED);
    assertThat(reply.event()).isEmpty();
  }

  @Test
  void anUpdateChecksOnlyTheImagesThatChanged() {
    RecordingChecker checker = RecordingChecker.verifying();

    WebhookReply reply =
        webhook(checker, policies(policy("all", "Block", "**")))
            .mutate(Fixtures.review("deployment-update.json"));

    assertThat(checker.images()).containsExactly("registry.example/shop/web:1.5.0");
    JsonNode object = patched("deployment-update.json", reply);
    assertThat(object.at("/spec/template/spec/containers/0/image").textValue())
        .isEqualTo("registry.example/shop/web@" + digest("registry.example/shop/web:1.5.0"));
    assertThat(object.at("/spec/template/spec/containers/1/image").textValue())
        .isEqualTo("quay.io/prometheus/statsd-exporter:v0.27.1");
  }

  @Test
  void anEphemeralContainerIsChecked() {
    RecordingChecker checker = RecordingChecker.refusing("unsigned debug image");

    WebhookReply reply =
        webhook(checker, policies(policy("all", "Block", "**")))
            .validate(Fixtures.review("pod-ephemeral-update.json"));

    assertThat(checker.images()).containsExactly("docker.io/library/busybox:1.36");
    assertThat(response(reply).at("/status/message").textValue())
        .contains("ephemeral container \"debugger-8hxq\" image \"busybox:1.36\"");
  }

  @Test
  void deleteIsAdmittedWithoutChecks() {
    RecordingChecker checker = RecordingChecker.refusing("unsigned");

    WebhookReply reply =
        webhook(checker, policies(policy("all", "Block", "**")))
            .validate(Fixtures.review("pod-delete.json"));

    assertThat(response(reply).get("allowed").booleanValue()).isTrue();
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.SKIPPED);
    assertThat(checker.requests).isEmpty();
  }

  @Test
  void anUnknownKindIsDenied() {
    WebhookReply reply =
        webhook(RecordingChecker.verifying(), PolicySet.EMPTY)
            .validate(Fixtures.review("service-create.json"));

    JsonNode response = response(reply);
    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.at("/status/code").intValue()).isEqualTo(400);
    assertThat(response.at("/status/message").textValue()).contains("v1 Service");
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.REJECTED);
  }

  @Test
  void aMalformedObjectIsDeniedWithItsUid() {
    ObjectNode review = Fixtures.reviewTree("pod-create.json");
    ((ObjectNode) review.at("/request/object/spec/containers/0")).put("image", 42);

    WebhookReply reply =
        webhook(RecordingChecker.verifying(), PolicySet.EMPTY).mutate(Fixtures.bytes(review));

    JsonNode response = response(reply);
    assertThat(response.get("uid").textValue()).isEqualTo(POD_UID);
    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.at("/status/code").intValue()).isEqualTo(400);
    assertThat(response.at("/status/message").textValue())
        .contains("request.object/spec/containers/0/image");
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.REJECTED);
  }

  @Test
  void aBodyThatIsNotAnAdmissionReviewIsHttp400() {
    WebhookReply reply =
        webhook(RecordingChecker.verifying(), PolicySet.EMPTY)
            .validate("{\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(reply.httpStatus()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("text/plain");
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("AdmissionReview");
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.BAD_REQUEST);
    assertThat(reply.uid()).isEmpty();
  }

  @Test
  void anUnexpectedErrorDeniesFailClosed() {
    WebhookReply reply =
        webhook(
                RecordingChecker.verifying(),
                () -> {
                  throw new IllegalStateException("policy informer not started");
                })
            .validate(Fixtures.review("pod-create.json"));

    JsonNode response = response(reply);
    assertThat(response.get("allowed").booleanValue()).isFalse();
    assertThat(response.at("/status/code").intValue()).isEqualTo(500);
    assertThat(response.at("/status/message").textValue()).contains("policy informer not started");
    assertThat(reply.outcome()).isEqualTo(ReviewOutcome.FAILED);
  }

  @Test
  void aPodOfFiveHundredFailingContainersGetsABoundedMessage() {
    WebhookReply reply =
        webhook(RecordingChecker.refusing("unsigned"), policies(policy("all", "Block", "**")))
            .validate(WorkloadExtractionTest.containers(500));

    JsonNode response = response(reply);
    assertThat(response.get("allowed").booleanValue()).isFalse();
    String message = response.at("/status/message").textValue();
    assertThat(message)
        .startsWith("Tried to admit Pod shop/web-5d8f7c9b6d-* but failed because 500 images");
    assertThat(message.length()).isLessThanOrEqualTo(DecisionMessages.MAX_MESSAGE);
    assertThat(message).endsWith("more characters)");
  }

  @Test
  void warningsAreBoundedInNumber() {
    WebhookReply reply =
        webhook(RecordingChecker.refusing("unsigned"), policies(policy("audit", "Warn", "**")))
            .validate(WorkloadExtractionTest.containers(50));

    JsonNode warnings = response(reply).get("warnings");
    assertThat(warnings).hasSize(DecisionMessages.MAX_WARNINGS);
    assertThat(warnings.get(DecisionMessages.MAX_WARNINGS - 1).textValue())
        .isEqualTo("31 more images failed Warn policies");
    assertThat(reply.event().orElseThrow().message().length())
        .isLessThanOrEqualTo(DecisionMessages.MAX_EVENT_MESSAGE);
  }

  @Test
  void theResponseHasExactlyTheFieldsTheApiServerReads() throws Exception {
    WebhookReply reply =
        webhook(RecordingChecker.verifying(), policies(policy("all", "Block", "**")))
            .mutate(Fixtures.review("job-create.json"));

    JsonNode review = Fixtures.tree(reply.body());
    List<String> top = new ArrayList<>();
    review.fieldNames().forEachRemaining(top::add);
    assertThat(top).containsExactly("apiVersion", "kind", "response");
    List<String> fields = new ArrayList<>();
    review.get("response").fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("uid", "allowed", "patchType", "patch");
    JsonNode patch =
        Fixtures.tree(Base64.getDecoder().decode(review.at("/response/patch").textValue()));
    assertThat(patch).hasSize(2);
    assertThat(patch.get(0).get("op").textValue()).isEqualTo("test");
    assertThat(patch.get(0).get("value").textValue()).isEqualTo("registry.example/batch/report:7");
    assertThat(patch.get(1).get("op").textValue()).isEqualTo("replace");
    assertThat(patch.get(1).get("path").textValue())
        .isEqualTo("/spec/template/spec/containers/0/image");
  }
}
