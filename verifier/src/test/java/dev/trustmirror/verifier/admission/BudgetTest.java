package dev.trustmirror.verifier.admission;

import static dev.trustmirror.verifier.admission.DecisionMatrixTest.workload;
import static dev.trustmirror.verifier.admission.Fixtures.policies;
import static dev.trustmirror.verifier.admission.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The review's time budget, the bounded executor, parallel checks. The budget is driven by a fake
 * ticker where the outcome must not depend on the machine's speed; where a check must really be
 * abandoned, it blocks until interrupted and the assertion is on the outcome, never on a duration.
 */
class BudgetTest {
  private static final Optional<Map<String, String>> LABELS = Optional.of(Map.of());

  /** A ticker the test moves. */
  static final class FakeTicker implements Ticker {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration duration) {
      nanos.addAndGet(duration.toNanos());
    }
  }

  @Test
  void aCheckStillRunningWhenTheBudgetRunsOutTimesOutAndIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    ImageChecker hanging =
        request -> {
          try {
            new CountDownLatch(1).await(); // a registry that never answers
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          throw new AssertionError("unreachable");
        };
    ExecutorService executor = CheckExecutors.bounded(2, 8);
    try {
      for (String failurePolicy : new String[] {"Block", "Warn"}) {
        AdmissionDecision decision =
            AdmissionDecider.create(
                    hanging,
                    Fixtures.DEFAULT_ROOT,
                    KeySecrets.none(),
                    executor,
                    Ticker.systemTicker())
                .decide(
                    workload("ghcr.io/acme/app:1"),
                    policies(policy("p", failurePolicy, "**")),
                    LABELS,
                    Duration.ofMillis(200));

        PolicyResult result = decision.images().get(0).results().get(0);
        assertThat(result.status()).isEqualTo(CheckStatus.TIMEOUT);
        assertThat(result.reasons().get(0)).contains("200 ms");
        assertThat(decision.effect())
            .isEqualTo(failurePolicy.equals("Block") ? Effect.DENY : Effect.WARN);
      }
      // the abandoned check was cancelled, so it does not hold a worker forever
      assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void checksNotStartedBeforeTheDeadlineAreNotStartedAtAll() {
    FakeTicker ticker = new FakeTicker();
    RecordingChecker checker =
        new RecordingChecker(
            (request, digest) -> {
              ticker.advance(
                  Duration.ofSeconds(11)); // the first check takes longer than the budget
              return Fixtures.verified(digest);
            });
    ExecutorService executor = CheckExecutors.bounded(1, 8);
    try {
      AdmissionDecision decision =
          AdmissionDecider.create(
                  checker, Fixtures.DEFAULT_ROOT, KeySecrets.none(), executor, ticker)
              .decide(
                  workload("ghcr.io/acme/app:1"),
                  policies(policy("a", "Block", "**"), policy("b", "Warn", "**")),
                  LABELS,
                  Duration.ofSeconds(10));

      assertThat(checker.requests).hasSize(1);
      assertThat(decision.images().get(0).results())
          .extracting(PolicyResult::status)
          .containsExactly(CheckStatus.VERIFIED, CheckStatus.TIMEOUT);
      assertThat(decision.images().get(0).effect()).isEqualTo(Effect.WARN);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void theCheckerIsToldHowMuchOfTheBudgetIsLeft() {
    FakeTicker ticker = new FakeTicker();
    RecordingChecker checker =
        new RecordingChecker(
            (request, digest) -> {
              ticker.advance(Duration.ofSeconds(3));
              return Fixtures.verified(digest);
            });
    ExecutorService executor = CheckExecutors.bounded(1, 8);
    try {
      AdmissionDecider.create(checker, Fixtures.DEFAULT_ROOT, KeySecrets.none(), executor, ticker)
          .decide(
              workload("ghcr.io/acme/app:1"),
              policies(policy("a", "Block", "**"), policy("b", "Block", "**")),
              LABELS,
              Duration.ofSeconds(8));

      assertThat(checker.requests)
          .extracting(CheckRequest::timeLeft)
          .containsExactly(Duration.ofSeconds(8), Duration.ofSeconds(5));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void distinctImagesAreCheckedInParallel() throws Exception {
    int images = 4;
    CyclicBarrier allAtOnce = new CyclicBarrier(images);
    // each check waits until all four are running: checked one after the other, they would break
    // the barrier (after 30 s) and fail
    RecordingChecker checker =
        new RecordingChecker(
            (request, digest) -> {
              try {
                allAtOnce.await(30, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("the checks did not run in parallel", e);
              }
              return Fixtures.verified(digest);
            });
    ExecutorService executor = CheckExecutors.bounded(images, 8);
    try {
      AdmissionDecision decision =
          AdmissionDecider.create(
                  checker,
                  Fixtures.DEFAULT_ROOT,
                  KeySecrets.none(),
                  executor,
                  Ticker.systemTicker())
              .decide(
                  workload(
                      "ghcr.io/acme/a:1",
                      "ghcr.io/acme/b:1",
                      "ghcr.io/acme/c:1",
                      "ghcr.io/acme/d:1"),
                  policies(policy("p", "Block", "**")),
                  LABELS,
                  Duration.ofMinutes(1));

      assertThat(decision.images())
          .allSatisfy(i -> assertThat(i.results().get(0).status()).isEqualTo(CheckStatus.VERIFIED));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFullExecutorFailsTheCheckAtOnce() throws Exception {
    ExecutorService executor = CheckExecutors.bounded(1, 0);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    executor.submit(
        () -> {
          busy.countDown();
          release.await();
          return null;
        });
    busy.await();
    RecordingChecker checker = RecordingChecker.verifying();
    try {
      AdmissionDecision decision =
          AdmissionDecider.create(
                  checker,
                  Fixtures.DEFAULT_ROOT,
                  KeySecrets.none(),
                  executor,
                  Ticker.systemTicker())
              .decide(
                  workload("ghcr.io/acme/app:1"),
                  policies(policy("p", "Block", "**")),
                  LABELS,
                  Duration.ofMinutes(1));

      PolicyResult result = decision.images().get(0).results().get(0);
      assertThat(result.status()).isEqualTo(CheckStatus.ERROR);
      assertThat(result.reasons().get(0)).contains("overloaded");
      assertThat(decision.allowed()).isFalse();
      assertThat(checker.requests).isEmpty();
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void refusesBudgetsThatAreNotPositive() {
    AdmissionDecider decider =
        AdmissionDecider.create(
            RecordingChecker.verifying(),
            Fixtures.DEFAULT_ROOT,
            KeySecrets.none(),
            CheckExecutors.bounded(1, 1),
            Ticker.systemTicker());
    assertThatThrownBy(() -> decider.decide(workload("a"), policies(), LABELS, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new WebhookSettings(Duration.ofSeconds(10), 4096, 10).budget())
        .isEqualTo(Duration.ofSeconds(8));
    assertThatThrownBy(() -> new WebhookSettings(Duration.ofSeconds(31), 4096, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
