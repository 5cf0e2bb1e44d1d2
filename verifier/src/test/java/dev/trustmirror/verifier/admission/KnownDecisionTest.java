package dev.trustmirror.verifier.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.policy.SecretKeyRef;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The decision from memory ({@link AdmissionDecider#decideKnown}, {@link
 * AdmissionWebhook#answerFromMemory}): the same decision as the full one when every input is held,
 * no decision (and no check started) when any is not.
 */
class KnownDecisionTest {
  private static final ExecutorService EXECUTOR = CheckExecutors.bounded(4, 64);
  private static final Duration BUDGET = Duration.ofSeconds(30);
  private static final Optional<Map<String, String>> LABELS = Optional.of(Map.of("env", "prod"));

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  /**
   * Verifies every check; knows a verdict once {@link #check} gave it for that image and policy (as
   * the verdict and tag caches would), or when told to.
   */
  private static final class RememberingChecker implements ImageChecker {
    final List<CheckRequest> checked = new CopyOnWriteArrayList<>();
    final List<CheckRequest> asked = new CopyOnWriteArrayList<>();
    final Map<String, Verdict> memory = new ConcurrentHashMap<>();
    volatile boolean throwing;

    private static String key(CheckRequest request) {
      return request.image() + " " + request.policy().identity();
    }

    @Override
    public Verdict check(CheckRequest request) {
      checked.add(request);
      Verdict verdict = Fixtures.verified(RecordingChecker.resolve(request.image()));
      memory.put(key(request), verdict);
      return verdict;
    }

    @Override
    public Optional<Verdict> known(CheckRequest request) {
      asked.add(request);
      if (throwing) {
        throw new IllegalStateException("cache broken");
      }
      return Optional.ofNullable(memory.get(key(request)));
    }
  }

  private static AdmissionDecider decider(ImageChecker checker, KeySecrets secrets) {
    return AdmissionDecider.create(
        checker, Fixtures.DEFAULT_ROOT, secrets, EXECUTOR, Ticker.systemTicker());
  }

  private static PolicySet acme() {
    return Fixtures.policies(Fixtures.policy("p", "Block", "ghcr.io/acme/**"));
  }

  @Test
  void decidesFromMemoryOnlyWhatTheFullDecisionDecidedBefore() {
    RememberingChecker checker = new RememberingChecker();
    AdmissionDecider decider = decider(checker, KeySecrets.none());
    Workload workload = DecisionMatrixTest.workload("ghcr.io/acme/a:1", "ghcr.io/acme/b:1");

    assertThat(decider.decideKnown(workload, acme(), LABELS, BUDGET)).isEmpty();
    assertThat(checker.checked).isEmpty(); // nothing started: the full decision does the checks

    AdmissionDecision full = decider.decide(workload, acme(), LABELS, BUDGET);
    int checks = checker.checked.size();
    Optional<AdmissionDecision> known = decider.decideKnown(workload, acme(), LABELS, BUDGET);

    assertThat(checks).isEqualTo(2);
    assertThat(known).isPresent();
    assertThat(checker.checked).hasSize(checks);
    assertThat(known.get().allowed()).isTrue();
    assertThat(known.get().pins()).hasSize(2);
    assertThat(known.get().images())
        .extracting(ImageResult::pin)
        .isEqualTo(full.images().stream().map(ImageResult::pin).toList());
  }

  @Test
  void oneUnknownImageMeansNoDecisionFromMemory() {
    RememberingChecker checker = new RememberingChecker();
    AdmissionDecider decider = decider(checker, KeySecrets.none());
    decider.decide(DecisionMatrixTest.workload("ghcr.io/acme/a:1"), acme(), LABELS, BUDGET);

    Workload both = DecisionMatrixTest.workload("ghcr.io/acme/a:1", "ghcr.io/acme/new:1");

    assertThat(decider.decideKnown(both, acme(), LABELS, BUDGET)).isEmpty();
    assertThat(checker.checked).hasSize(1);
  }

  @Test
  void imagesNoPolicyCoversAreDecidedFromMemoryWithoutAnyCheck() {
    RememberingChecker checker = new RememberingChecker();
    Optional<AdmissionDecision> known =
        decider(checker, KeySecrets.none())
            .decideKnown(
                DecisionMatrixTest.workload("docker.io/library/nginx:1"), acme(), LABELS, BUDGET);

    assertThat(known).isPresent();
    assertThat(known.get().allowed()).isTrue();
    assertThat(checker.asked).isEmpty();
  }

  @Test
  void laterPoliciesAreAskedAtTheDigestTheFirstOneResolved() throws Exception {
    RememberingChecker checker = new RememberingChecker();
    PolicySet two =
        Fixtures.policies(
            Fixtures.policy("first", "Block", "ghcr.io/acme/**"),
            Fixtures.policy("second", "Block", spec -> spec.put("ignoreTlog", true), "ghcr.io/**"));
    AdmissionDecider decider = decider(checker, KeySecrets.none());
    Workload workload = DecisionMatrixTest.workload("ghcr.io/acme/a:1");
    decider.decide(workload, two, LABELS, BUDGET);
    checker.asked.clear();

    Optional<AdmissionDecision> known = decider.decideKnown(workload, two, LABELS, BUDGET);

    Digest digest = RecordingChecker.resolve(ImageReference.parse("ghcr.io/acme/a:1"));
    assertThat(known).isPresent();
    assertThat(checker.asked)
        .extracting(r -> r.image().digest())
        .containsExactly(Optional.empty(), Optional.of(digest));
    assertThat(known.get().pins())
        .extracting(ImageResult::pin)
        .containsExactly(Optional.of(digest));
  }

  @Test
  void aCheckerThatThrowsWhenAskedLeavesTheDecisionToTheFullCheck() {
    RememberingChecker checker = new RememberingChecker();
    AdmissionDecider decider = decider(checker, KeySecrets.none());
    Workload workload = DecisionMatrixTest.workload("ghcr.io/acme/a:1");
    decider.decide(workload, acme(), LABELS, BUDGET);
    checker.throwing = true;

    assertThat(decider.decideKnown(workload, acme(), LABELS, BUDGET)).isEmpty();
    assertThat(decider.decide(workload, acme(), LABELS, BUDGET).allowed()).isTrue();
  }

  @Test
  void keysInSecretsAreReadFromMemoryOrNotAtAll() {
    RememberingChecker checker = new RememberingChecker();
    AtomicReference<Optional<Optional<byte[]>>> held = new AtomicReference<>(Optional.empty());
    List<SecretKeyRef> read = new CopyOnWriteArrayList<>();
    KeySecrets secrets =
        new KeySecrets() {
          @Override
          public Optional<byte[]> find(SecretKeyRef ref) {
            read.add(ref);
            return Optional.of(Fixtures.PEM.getBytes(StandardCharsets.US_ASCII));
          }

          @Override
          public Optional<Optional<byte[]>> known(SecretKeyRef ref) {
            return held.get();
          }
        };
    PolicySet set = Fixtures.policies(secretKeyPolicy());
    AdmissionDecider decider = decider(checker, secrets);
    Workload workload = DecisionMatrixTest.workload("ghcr.io/acme/a:1");
    decider.decide(workload, set, LABELS, BUDGET);
    read.clear();

    assertThat(decider.decideKnown(workload, set, LABELS, BUDGET)).isEmpty();
    held.set(Optional.of(Optional.of(Fixtures.PEM.getBytes(StandardCharsets.US_ASCII))));
    assertThat(decider.decideKnown(workload, set, LABELS, BUDGET)).isPresent();
    held.set(Optional.of(Optional.empty())); // known: the Secret is gone
    Optional<AdmissionDecision> gone = decider.decideKnown(workload, set, LABELS, BUDGET);
    assertThat(gone).isPresent();
    assertThat(gone.get().allowed()).isFalse();
    assertThat(gone.get().images().get(0).results().get(0).status())
        .isEqualTo(CheckStatus.KEY_UNAVAILABLE);
    assertThat(read).isEmpty(); // never the blocking read
  }

  @Test
  void aPolicyIsPreparedOnceWhileItsKeysStayTheSame() throws Exception {
    RememberingChecker checker = new RememberingChecker();
    AtomicReference<byte[]> pem =
        new AtomicReference<>(Fixtures.PEM.getBytes(StandardCharsets.US_ASCII));
    KeySecrets secrets = ref -> Optional.of(pem.get().clone());
    PolicySet set = Fixtures.policies(secretKeyPolicy());
    AdmissionDecider decider = decider(checker, secrets);

    decider.decide(DecisionMatrixTest.workload("ghcr.io/acme/a:1"), set, LABELS, BUDGET);
    decider.decide(DecisionMatrixTest.workload("ghcr.io/acme/b:1"), set, LABELS, BUDGET);
    pem.set(otherPem());
    decider.decide(DecisionMatrixTest.workload("ghcr.io/acme/c:1"), set, LABELS, BUDGET);

    assertThat(checker.checked).hasSize(3);
    assertThat(checker.checked.get(1).policy()).isSameAs(checker.checked.get(0).policy());
    assertThat(checker.checked.get(2).policy()).isNotSameAs(checker.checked.get(0).policy());
    assertThat(checker.checked.get(2).policy().identity())
        .isNotEqualTo(checker.checked.get(0).policy().identity());
  }

  @Test
  void theWebhookAnswersFromMemoryWhatNeedsNoCheck() {
    RememberingChecker checker = new RememberingChecker();
    AdmissionWebhook webhook =
        AdmissionWebhook.create(
            decider(checker, KeySecrets.none()),
            KnownDecisionTest::acme,
            ns -> Optional.empty(),
            WebhookSettings.DEFAULTS,
            Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
    byte[] review = Fixtures.review("pod-create.json");

    // unreadable: answered at once, as the full path answers it
    Optional<WebhookReply> garbage =
        webhook.answerFromMemory("{".getBytes(StandardCharsets.UTF_8), false);
    assertThat(garbage).isPresent();
    assertThat(garbage.get().outcome())
        .isEqualTo(webhook.validate("{".getBytes(StandardCharsets.UTF_8)).outcome());
    // a pod whose checks were never made: not from memory; after the full review, from memory
    assertThat(webhook.answerFromMemory(review, true)).isEmpty();
    WebhookReply full = webhook.mutate(review);
    Optional<WebhookReply> known = webhook.answerFromMemory(review, true);

    assertThat(known).isPresent();
    assertThat(known.get().outcome()).isEqualTo(full.outcome());
    assertThat(new String(known.get().body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(full.body(), StandardCharsets.UTF_8));
  }

  private static LoadedPolicy secretKeyPolicy() {
    return Fixtures.policy(
        "p",
        "Block",
        spec ->
            spec.putArray("authorities")
                .addObject()
                .putArray("keys")
                .addObject()
                .putObject("secretRef")
                .put("name", "release-key")
                .put("namespace", "trust-mirror"),
        "ghcr.io/acme/**");
  }

  private static byte[] otherPem() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    return ("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
