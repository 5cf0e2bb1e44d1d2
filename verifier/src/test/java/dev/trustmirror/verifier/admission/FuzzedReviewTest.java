package dev.trustmirror.verifier.admission;

import static dev.trustmirror.verifier.admission.Fixtures.policies;
import static dev.trustmirror.verifier.admission.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzed AdmissionReview bodies (seeded, so a failure replays): byte-level damage and tree-level
 * replacements of real reviews, and random bytes. Whatever arrives: no exception, a well-formed
 * reply that echoes the uid it read, never an admission of an image under a Block policy whose
 * checks all refuse, and every patch applies to the object it was computed for.
 */
class FuzzedReviewTest {
  private static final long SEED = 20250602L;
  private static final int ROUNDS_PER_FILE = 150;
  private static final String[] FILES = {
    "pod-create.json",
    "deployment-create.json",
    "deployment-update.json",
    "replicaset-create.json",
    "statefulset-create.json",
    "daemonset-create.json",
    "job-create.json",
    "cronjob-create.json",
    "pod-ephemeral-update.json",
    "pod-delete.json",
    "service-create.json"
  };
  private static final ExecutorService EXECUTOR = CheckExecutors.bounded(4, 1024);

  private final AdmissionWebhook refusing = webhook(RecordingChecker.refusing("unsigned"));
  private final AdmissionWebhook verifying = webhook(RecordingChecker.verifying());
  private final java.util.Set<ReviewOutcome> outcomes =
      java.util.EnumSet.noneOf(ReviewOutcome.class);
  private int patchesApplied;

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  private static AdmissionWebhook webhook(ImageChecker checker) {
    return AdmissionWebhook.create(
        AdmissionDecider.create(
            checker, Fixtures.DEFAULT_ROOT, KeySecrets.none(), EXECUTOR, Ticker.systemTicker()),
        () -> policies(policy("everything", "Block", "**")),
        ns -> Optional.of(Map.of()),
        WebhookSettings.DEFAULTS,
        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  }

  @Test
  void damagedBytesNeverBreakTheWebhookNorAdmitUnderBlock() {
    Random random = new Random(SEED);
    for (String file : FILES) {
      byte[] original = Fixtures.review(file);
      for (int round = 0; round < ROUNDS_PER_FILE; round++) {
        check(damage(original, random), file + " byte round " + round);
      }
    }
    // the fuzzing reached every kind of answer, not only "not JSON"
    assertThat(outcomes)
        .contains(
            ReviewOutcome.BAD_REQUEST,
            ReviewOutcome.REJECTED,
            ReviewOutcome.DENIED,
            ReviewOutcome.SKIPPED);
    assertThat(patchesApplied).isPositive();
  }

  @Test
  void replacedValuesNeverBreakTheWebhookNorAdmitUnderBlock() {
    Random random = new Random(SEED + 1);
    for (String file : FILES) {
      for (int round = 0; round < ROUNDS_PER_FILE; round++) {
        ObjectNode review = Fixtures.reviewTree(file);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
          replaceSomething(review, random);
        }
        check(Fixtures.bytes(review), file + " tree round " + round);
      }
    }
    assertThat(outcomes)
        .contains(
            ReviewOutcome.REJECTED,
            ReviewOutcome.DENIED,
            ReviewOutcome.SKIPPED,
            ReviewOutcome.ALLOWED);
    assertThat(patchesApplied).isPositive();
  }

  @Test
  void randomBytesAreRefused() {
    Random random = new Random(SEED + 2);
    for (int round = 0; round < 300; round++) {
      byte[] body = new byte[random.nextInt(2048)];
      random.nextBytes(body);
      WebhookReply reply = refusing.validate(body);
      assertThat(reply.httpStatus()).as("round %d", round).isEqualTo(400);
      assertThat(reply.outcome()).isEqualTo(ReviewOutcome.BAD_REQUEST);
    }
  }

  private void check(byte[] body, String what) {
    for (boolean mutate : new boolean[] {false, true}) {
      WebhookReply reply = mutate ? refusing.mutate(body) : refusing.validate(body);
      assertWellFormed(reply, what);
      outcomes.add(reply.outcome());
      if (reply.httpStatus() == 200 && allowed(reply)) {
        // under a Block policy whose every check refuses, only a review without images passes
        assertThat(
                reply.outcome() == ReviewOutcome.SKIPPED
                    || reply.decision().orElseThrow().images().isEmpty())
            .as("%s admitted images: %s", what, reply.summary())
            .isTrue();
      }
    }
    WebhookReply pinned = verifying.mutate(body);
    assertWellFormed(pinned, what);
    JsonNode response =
        pinned.httpStatus() == 200 ? Fixtures.tree(pinned.body()).get("response") : null;
    if (response != null && response.has("patch")) {
      byte[] patch = Base64.getDecoder().decode(response.get("patch").textValue());
      JsonNode object = JsonPatch.apply(Fixtures.tree(body).at("/request/object"), patch);
      for (ImageResult image : pinned.decision().orElseThrow().pins()) {
        assertThat(object.at(image.container().pointer()).textValue())
            .as(what)
            .contains("@sha256:");
      }
      patchesApplied++;
    }
  }

  private static boolean allowed(WebhookReply reply) {
    return Fixtures.tree(reply.body()).at("/response/allowed").booleanValue();
  }

  private static void assertWellFormed(WebhookReply reply, String what) {
    if (reply.httpStatus() == 400) {
      assertThat(reply.outcome()).as(what).isEqualTo(ReviewOutcome.BAD_REQUEST);
      assertThat(reply.uid()).as(what).isEmpty();
      return;
    }
    assertThat(reply.httpStatus()).as(what).isEqualTo(200);
    JsonNode review = Fixtures.tree(reply.body());
    assertThat(review.get("apiVersion").textValue()).as(what).isEqualTo("admission.k8s.io/v1");
    assertThat(review.at("/response/uid").textValue())
        .as(what)
        .isEqualTo(reply.uid().orElseThrow());
    assertThat(review.at("/response/allowed").isBoolean()).as(what).isTrue();
    if (!review.at("/response/allowed").booleanValue()) {
      assertThat(review.at("/response/status/message").textValue()).as(what).isNotEmpty();
    }
  }

  /** One of: flip a byte, insert bytes, delete a range, truncate, duplicate a range. */
  private static byte[] damage(byte[] original, Random random) {
    byte[] body = original.clone();
    int at = random.nextInt(body.length);
    switch (random.nextInt(5)) {
      case 0 -> body[at] = (byte) random.nextInt(256);
      case 1 -> {
        byte[] inserted = "{}[]\",:\\\u0000nulltrue-1e9999".getBytes(StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(4);
        byte[] out = new byte[body.length + n];
        System.arraycopy(body, 0, out, 0, at);
        for (int i = 0; i < n; i++) {
          out[at + i] = inserted[random.nextInt(inserted.length)];
        }
        System.arraycopy(body, at, out, at + n, body.length - at);
        body = out;
      }
      case 2 -> {
        int n = Math.min(1 + random.nextInt(40), body.length - at);
        byte[] out = new byte[body.length - n];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(body, at + n, out, at, body.length - at - n);
        body = out;
      }
      case 3 -> body = java.util.Arrays.copyOf(body, at);
      default -> {
        int n = Math.min(1 + random.nextInt(200), body.length - at);
        byte[] out = new byte[body.length + n];
        System.arraycopy(body, 0, out, 0, at + n);
        System.arraycopy(body, at, out, at + n, body.length - at);
        body = out;
      }
    }
    return body;
  }

  /** Replaces a random value anywhere in the tree by a value of another shape. */
  private static void replaceSomething(ObjectNode review, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(review, containers);
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    JsonNode value = randomValue(random);
    if (parent instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = object.fieldNames();
      it.forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(5) == 0) {
        object.remove(name);
      } else {
        object.set(name, value);
      }
    } else if (parent instanceof ArrayNode array && array.size() > 0) {
      array.set(random.nextInt(array.size()), value);
    }
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }

  private static JsonNode randomValue(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(12)) {
      case 0 -> f.nullNode();
      case 1 -> f.numberNode(random.nextLong());
      case 2 -> f.booleanNode(random.nextBoolean());
      case 3 -> f.textNode("");
      case 4 -> f.textNode("nginx:latest");
      case 5 -> f.textNode("UPDATE");
      case 6 -> f.textNode("Pod");
      case 7 -> f.textNode("GHCR.IO/Bad Image\n");
      case 8 -> f.objectNode();
      case 9 -> f.arrayNode().add("x").add(1);
      case 10 -> f.textNode("x".repeat(5000));
      default -> {
        ObjectNode container =
            f.objectNode().put("name", "injected").put("image", "evil.example/miner:1");
        yield f.arrayNode().add(container);
      }
    };
  }
}
