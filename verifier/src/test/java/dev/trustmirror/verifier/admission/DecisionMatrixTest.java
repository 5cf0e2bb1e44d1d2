package dev.trustmirror.verifier.admission;

import static dev.trustmirror.verifier.admission.Fixtures.digest;
import static dev.trustmirror.verifier.admission.Fixtures.policies;
import static dev.trustmirror.verifier.admission.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.policy.SecretKeyRef;
import dev.trustmirror.verifier.registry.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Block and Warn against every way a check can end; all policies must pass; digests pinned. */
class DecisionMatrixTest {
  private static final ExecutorService EXECUTOR = CheckExecutors.bounded(4, 64);
  private static final Duration BUDGET = Duration.ofSeconds(30);
  private static final Optional<Map<String, String>> LABELS = Optional.of(Map.of("env", "prod"));

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  static Workload workload(String... images) {
    List<ContainerImage> containers =
        java.util.stream.IntStream.range(0, images.length)
            .mapToObj(
                i ->
                    new ContainerImage(
                        "/spec/containers/" + i + "/image",
                        ContainerType.CONTAINER,
                        "c" + i,
                        images[i]))
            .toList();
    return new Workload(
        WorkloadKind.POD,
        "v1",
        "shop",
        "web",
        Optional.empty(),
        containers,
        new PullAuth("shop", "default", List.of("regcred")));
  }

  static AdmissionDecision decide(ImageChecker checker, PolicySet set, Workload workload) {
    return decide(checker, Fixtures.DEFAULT_ROOT, KeySecrets.none(), set, workload);
  }

  static AdmissionDecision decide(
      ImageChecker checker,
      TrustRoots roots,
      KeySecrets secrets,
      PolicySet set,
      Workload workload) {
    return AdmissionDecider.create(checker, roots, secrets, EXECUTOR, Ticker.systemTicker())
        .decide(workload, set, LABELS, BUDGET);
  }

  /** How a check ends, and the status it must be reported with. */
  record Case(
      String name,
      CheckStatus status,
      ImageChecker checker,
      TrustRoots roots,
      Function<String, LoadedPolicy> policy) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case ending(String name, CheckStatus status, ImageChecker checker) {
    return new Case(name, status, checker, Fixtures.DEFAULT_ROOT, DecisionMatrixTest::plainPolicy);
  }

  static Stream<Case> cases() {
    return Stream.of(
        ending("verified", CheckStatus.VERIFIED, RecordingChecker.verifying()),
        ending(
            "no valid signature",
            CheckStatus.NOT_VERIFIED,
            RecordingChecker.refusing("no signature")),
        ending(
            "registry unreachable",
            CheckStatus.REGISTRY_UNAVAILABLE,
            r -> {
              throw new IOException("Connection refused");
            }),
        ending(
            "registry refusal",
            CheckStatus.REGISTRY_REFUSED,
            r -> {
              throw Fixtures.digestMismatch();
            }),
        ending(
            "unexpected exception",
            CheckStatus.ERROR,
            r -> {
              throw new IllegalStateException("bug");
            }),
        ending(
            "stack overflow",
            CheckStatus.ERROR,
            r -> {
              throw new StackOverflowError();
            }),
        ending("no verdict", CheckStatus.ERROR, r -> null),
        new Case(
            "trust root missing",
            CheckStatus.TRUST_ROOT_MISSING,
            RecordingChecker.verifying(),
            ref -> Optional.empty(),
            DecisionMatrixTest::plainPolicy),
        new Case(
            "trust root lookup throws",
            CheckStatus.ERROR,
            RecordingChecker.verifying(),
            ref -> {
              throw new IllegalStateException("informer");
            },
            DecisionMatrixTest::plainPolicy),
        new Case(
            "invalid policy",
            CheckStatus.POLICY_INVALID,
            RecordingChecker.verifying(),
            Fixtures.DEFAULT_ROOT,
            DecisionMatrixTest::invalidPolicy),
        new Case(
            "key secret missing",
            CheckStatus.KEY_UNAVAILABLE,
            RecordingChecker.verifying(),
            Fixtures.DEFAULT_ROOT,
            DecisionMatrixTest::secretKeyPolicy));
  }

  private static LoadedPolicy plainPolicy(String failurePolicy) {
    return policy("p", failurePolicy, "ghcr.io/acme/**");
  }

  private static LoadedPolicy invalidPolicy(String failurePolicy) {
    return policy("p", failurePolicy, spec -> spec.put("ignoreTlog", "yes"), "ghcr.io/acme/**");
  }

  private static LoadedPolicy secretKeyPolicy(String failurePolicy) {
    return policy(
        "p",
        failurePolicy,
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

  static Stream<Arguments> matrix() {
    return cases()
        .flatMap(
            c ->
                Stream.of(
                    Arguments.of(
                        c,
                        "Block",
                        c.status() == CheckStatus.VERIFIED ? Effect.ALLOW : Effect.DENY),
                    Arguments.of(
                        c,
                        "Warn",
                        c.status() == CheckStatus.VERIFIED ? Effect.ALLOW : Effect.WARN)));
  }

  @ParameterizedTest(name = "{0} under {1} -> {2}")
  @MethodSource("matrix")
  void blockDeniesAndWarnWarnsOnEveryKindOfFailure(Case c, String failurePolicy, Effect expected) {
    AdmissionDecision decision =
        decide(
            c.checker(),
            c.roots(),
            KeySecrets.none(),
            policies(c.policy().apply(failurePolicy)),
            workload("ghcr.io/acme/app:1"));

    ImageResult image = decision.images().get(0);
    assertThat(image.results()).extracting(PolicyResult::status).containsExactly(c.status());
    assertThat(image.results().get(0).failurePolicy().specName()).isEqualTo(failurePolicy);
    assertThat(image.effect()).isEqualTo(expected);
    assertThat(decision.allowed()).isEqualTo(expected != Effect.DENY);
    if (c.status() == CheckStatus.VERIFIED) {
      assertThat(image.pin()).isPresent();
    } else {
      assertThat(image.results().get(0).reasons()).isNotEmpty();
      assertThat(image.pin()).isEmpty();
    }
  }

  @Test
  void everyPolicyThatAppliesMustPass() {
    RecordingChecker checker =
        new RecordingChecker(
            (request, digest) ->
                request.policyName().equals("strict")
                    ? Fixtures.refused(digest, "not signed by the release key")
                    : Fixtures.verified(digest));

    AdmissionDecision decision =
        decide(
            checker,
            policies(
                policy("lenient", "Block", "**"), policy("strict", "Block", "ghcr.io/acme/**")),
            workload("ghcr.io/acme/app:1", "quay.io/other/tool:2"));

    assertThat(decision.allowed()).isFalse();
    ImageResult acme = decision.images().get(0);
    assertThat(acme.effect()).isEqualTo(Effect.DENY);
    assertThat(acme.failures(Effect.DENY))
        .extracting(PolicyResult::policy)
        .containsExactly("strict");
    assertThat(acme.results())
        .extracting(PolicyResult::policy)
        .containsExactly("lenient", "strict");
    assertThat(decision.images().get(1).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void aWarnFailureBesideABlockPassStillPinsTheDigestTheBlockPolicyVerified() {
    RecordingChecker checker =
        new RecordingChecker(
            (request, digest) ->
                request.policyName().equals("audit")
                    ? Fixtures.refused(digest, "no attestation")
                    : Fixtures.verified(digest));

    AdmissionDecision decision =
        decide(
            checker,
            policies(policy("audit", "Warn", "**"), policy("prod", "Block", "ghcr.io/acme/**")),
            workload("ghcr.io/acme/app:1"));

    ImageResult image = decision.images().get(0);
    assertThat(image.effect()).isEqualTo(Effect.WARN);
    assertThat(image.pin()).contains(digest("ghcr.io/acme/app:1"));
  }

  @Test
  void laterPoliciesOfAnImageAreCheckedAtTheDigestTheFirstResolved() {
    RecordingChecker checker = RecordingChecker.verifying();

    decide(
        checker,
        policies(policy("a", "Block", "**"), policy("b", "Block", "**"), policy("c", "Warn", "**")),
        workload("ghcr.io/acme/app:1"));

    String pinned = "ghcr.io/acme/app@" + digest("ghcr.io/acme/app:1");
    assertThat(checker.images()).containsExactly("ghcr.io/acme/app:1", pinned, pinned);
  }

  @Test
  void aVerdictForAnotherDigestThanAskedIsRefused() {
    RecordingChecker checker =
        new RecordingChecker((request, digest) -> Fixtures.verified(digest("something else")));

    AdmissionDecision decision =
        decide(
            checker,
            policies(policy("p", "Block", "**")),
            workload("ghcr.io/acme/app@" + digest("asked")));

    assertThat(decision.images().get(0).results())
        .extracting(PolicyResult::status)
        .containsExactly(CheckStatus.DIGEST_MISMATCH);
    assertThat(decision.allowed()).isFalse();
  }

  @Test
  void pinsVerifiedTagsAndLeavesDigestsAndUncoveredImagesAlone() {
    AdmissionDecision decision =
        decide(
            RecordingChecker.verifying(),
            policies(policy("p", "Block", "ghcr.io/acme/**")),
            workload("ghcr.io/acme/app:1", "ghcr.io/acme/db@" + digest("db"), "nginx:1.27"));

    assertThat(decision.images().get(0).pin()).contains(digest("ghcr.io/acme/app:1"));
    assertThat(decision.images().get(1).pin()).isEmpty();
    assertThat(decision.images().get(2).results()).isEmpty();
    assertThat(decision.images().get(2).pin()).isEmpty();
    assertThat(decision.pins()).hasSize(1);
  }

  @Test
  void checksAnImageOnceThoughSeveralContainersRunIt() {
    RecordingChecker checker = RecordingChecker.verifying();

    AdmissionDecision decision =
        decide(
            checker,
            policies(policy("p", "Block", "**")),
            workload("ghcr.io/acme/app:1", "ghcr.io/acme/app:1", "ghcr.io/acme/app:1"));

    assertThat(checker.requests).hasSize(1);
    assertThat(decision.images()).hasSize(3).allSatisfy(i -> assertThat(i.pin()).isPresent());
  }

  @Test
  void givesTheCheckerEveryKeyAndIdentityOfEveryAuthority() throws Exception {
    RecordingChecker checker = RecordingChecker.verifying();
    LoadedPolicy twoAuthorities =
        policy(
            "p",
            "Block",
            spec -> {
              var keys =
                  spec.withArray("authorities").addObject().put("name", "release").putArray("keys");
              keys.addObject().put("data", Fixtures.PEM);
              keys.addObject()
                  .putObject("secretRef")
                  .put("name", "old-key")
                  .put("namespace", "trust-mirror")
                  .put("key", "key.pem");
              spec.put("ignoreTlog", true).put("trustRootRef", "mirror");
            },
            "**");
    AtomicInteger lookups = new AtomicInteger();
    KeySecrets secrets =
        ref -> {
          lookups.incrementAndGet();
          return ref.equals(
                  new SecretKeyRef("release/keys[1]", "trust-mirror", "old-key", "key.pem"))
              ? Optional.of(Fixtures.PEM.getBytes(StandardCharsets.US_ASCII))
              : Optional.empty();
        };

    AdmissionDecision decision =
        decide(
            checker,
            Fixtures.DEFAULT_ROOT,
            secrets,
            policies(twoAuthorities),
            workload("ghcr.io/acme/a:1", "ghcr.io/acme/b:1"));

    assertThat(decision.allowed()).isTrue();
    CheckRequest request = checker.requests.get(0);
    assertThat(request.policy().identities()).hasSize(1);
    assertThat(request.policy().keys())
        .extracting(k -> k.name())
        .containsExactly("release/keys[0]", "release/keys[1]");
    assertThat(request.policy().ignoreTlog()).isTrue();
    assertThat(request.policy().trustedRoot()).isSameAs(Fixtures.TRUSTED_ROOT);
    assertThat(request.pullAuth()).isEqualTo(new PullAuth("shop", "default", List.of("regcred")));
    assertThat(request.policyName()).isEqualTo("p");
    // looked up once per review, not once per image
    assertThat(lookups).hasValue(1);
  }

  @Test
  void anImageThatDoesNotParseFailsEveryPolicyOfTheNamespace() {
    RecordingChecker checker = RecordingChecker.verifying();

    AdmissionDecision decision =
        decide(
            checker,
            policies(policy("p", "Block", "ghcr.io/acme/**"), policy("q", "Warn", "quay.io/**")),
            workload("GHCR.IO/Acme/App:1"));

    assertThat(decision.images().get(0).results())
        .extracting(PolicyResult::status)
        .containsOnly(CheckStatus.IMAGE_UNREADABLE);
    assertThat(decision.images().get(0).results()).hasSize(2);
    assertThat(decision.allowed()).isFalse();
    assertThat(checker.requests).isEmpty();
  }

  @Test
  void noPolicyNoCheckNoPin() {
    RecordingChecker checker = RecordingChecker.verifying();

    AdmissionDecision decision = decide(checker, PolicySet.EMPTY, workload("ghcr.io/acme/app:1"));

    assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
    assertThat(decision.pins()).isEmpty();
    assertThat(checker.requests).isEmpty();
  }

  @Test
  void unknownNamespaceLabelsApplyPoliciesWithSelectors() {
    LoadedPolicy prodOnly =
        policy(
            "prod",
            "Block",
            spec -> spec.putObject("namespaceSelector").putObject("matchLabels").put("env", "prod"),
            "**");
    AdmissionDecider decider =
        AdmissionDecider.create(
            RecordingChecker.refusing("unsigned"),
            Fixtures.DEFAULT_ROOT,
            KeySecrets.none(),
            EXECUTOR,
            Ticker.systemTicker());

    Workload workload = workload("ghcr.io/acme/app:1");
    assertThat(
            decider
                .decide(workload, policies(prodOnly), Optional.of(Map.of("env", "dev")), BUDGET)
                .allowed())
        .isTrue();
    assertThat(decider.decide(workload, policies(prodOnly), Optional.empty(), BUDGET).allowed())
        .isFalse();
  }

  @Test
  void reportsTheVerdictsReasons() throws Exception {
    AdmissionDecision decision =
        decide(
            RecordingChecker.refusing("the signature does not verify", "the certificate expired"),
            policies(policy("p", "Block", "**")),
            workload("ghcr.io/acme/app:1"));

    PolicyResult result = decision.images().get(0).results().get(0);
    assertThat(result.verdict()).isPresent();
    assertThat(result.digest())
        .contains(digest(ImageReference.parse("ghcr.io/acme/app:1").repository() + ":1"));
    assertThat(result.reasons())
        .containsExactly(
            "signature 1, key 1: the signature does not verify",
            "signature 1, key 1: the certificate expired");
    assertThat(Arrays.asList(CheckStatus.values()))
        .filteredOn(CheckStatus::isUnavailability)
        .containsExactly(CheckStatus.REGISTRY_UNAVAILABLE, CheckStatus.TIMEOUT, CheckStatus.ERROR);
  }
}
