package dev.trustmirror.verifier.admission;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.text.UntrustedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The checks of one distinct image against the policies that apply to it: planned on the caller's
 * thread, run as one task on the executor, awaited until the review's deadline. Policies of one
 * image run one after the other: the first check resolves the tag, and every later policy is
 * checked at that digest, so that all policies judge the same bytes and the pinned digest is the
 * one they verified. Distinct images run in parallel.
 */
final class ImageRun {
  private final String image;
  private final Optional<ImageReference> reference;
  private final List<LoadedPolicy> policies;
  private final AtomicReferenceArray<PolicyResult> results;
  private final VerificationPolicy[] verification;
  private final List<Integer> pending = new ArrayList<>();
  // Written by the planning thread, then by the check task (submitting it publishes them).
  private int next;
  private Optional<Digest> fixed;
  private Future<?> future;

  private ImageRun(String image, Optional<ImageReference> reference, List<LoadedPolicy> policies) {
    this.image = image;
    this.reference = reference;
    this.policies = policies;
    this.results = new AtomicReferenceArray<>(policies.size());
    this.verification = new VerificationPolicy[policies.size()];
    this.fixed = reference.flatMap(ImageReference::digest);
  }

  /**
   * Which policies apply, and what can be decided without the registry.
   *
   * @param parsed the image's reference, or why it does not parse
   * @param material each policy's material; empty when it is not at hand (then so is the plan)
   */
  static Optional<ImageRun> plan(
      String image,
      ParsedImage parsed,
      PolicySet policySet,
      Optional<Map<String, String>> namespaceLabels,
      Function<LoadedPolicy, Optional<PolicyMaterial>> material) {
    Optional<ImageReference> reference = parsed.reference();
    String unreadable = parsed.problem();
    List<LoadedPolicy> applicable =
        policySet.applicable(reference.map(ImageReference::repository), namespaceLabels);
    ImageRun run = new ImageRun(image, reference, applicable);
    for (int i = 0; i < applicable.size(); i++) {
      LoadedPolicy policy = applicable.get(i);
      if (reference.isEmpty()) {
        run.results.set(
            i,
            PolicyResult.failed(
                policy.name(), policy.failurePolicy(), CheckStatus.IMAGE_UNREADABLE, unreadable));
        continue;
      }
      Optional<PolicyMaterial> found = material.apply(policy);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      PolicyMaterial m = found.get();
      if (m.failure().isPresent()) {
        run.results.set(i, m.failure().get());
      } else {
        run.verification[i] = m.verification().orElseThrow();
        run.pending.add(i);
      }
    }
    return Optional.of(run);
  }

  /**
   * Decides, in order, the checks whose verdicts {@code checker} already {@linkplain
   * ImageChecker#known knows}, on the calling thread and without blocking; stops at the first that
   * needs the registry.
   *
   * @return whether every check of this image is decided
   */
  boolean decideKnown(ImageChecker checker, PullAuth pull, Duration timeLeft) {
    while (next < pending.size()) {
      int i = pending.get(next);
      CheckRequest request = request(i, pull, timeLeft);
      Optional<Verdict> verdict;
      try {
        verdict = checker.known(request);
      } catch (RuntimeException e) { // it must not throw; if it does, the full check decides
        verdict = Optional.empty();
      }
      if (verdict.isEmpty()) {
        return false;
      }
      record(i, request.image(), CheckOutcomes.judged(verdict.get(), policies.get(i)));
      next++;
    }
    return true;
  }

  /** Submits the checks that {@link #decideKnown} left, if any. */
  void start(
      ExecutorService executor, ImageChecker checker, PullAuth pull, Ticker ticker, long deadline) {
    if (decideKnown(checker, pull, Duration.ofNanos(Math.max(1, deadline - ticker.read())))) {
      return;
    }
    try {
      future = executor.submit(() -> run(checker, pull, ticker, deadline));
    } catch (RejectedExecutionException e) {
      for (int i : pending.subList(next, pending.size())) {
        LoadedPolicy policy = policies.get(i);
        results.set(
            i,
            PolicyResult.failed(
                policy.name(),
                policy.failurePolicy(),
                CheckStatus.ERROR,
                "Tried to check the image but failed because the webhook is overloaded (every"
                    + " check worker is busy and the queue is full)"));
      }
    }
  }

  private void run(ImageChecker checker, PullAuth pull, Ticker ticker, long deadline) {
    for (; next < pending.size(); next++) {
      long left = deadline - ticker.read();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return;
      }
      int i = pending.get(next);
      CheckRequest request = request(i, pull, Duration.ofNanos(left));
      PolicyResult result;
      try {
        result = CheckOutcomes.call(checker, request, policies.get(i));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      record(i, request.image(), result);
    }
  }

  /** The check of policy {@code i}: at the digest an earlier policy's check resolved, if any. */
  private CheckRequest request(int i, PullAuth pull, Duration timeLeft) {
    ImageReference ref = reference.orElseThrow();
    ImageReference target = fixed.isPresent() ? ref.withDigest(fixed.get()) : ref;
    return new CheckRequest(target, verification[i], policies.get(i).name(), pull, timeLeft);
  }

  /** Keeps policy {@code i}'s result; its digest is the one every later policy checks. */
  private void record(int i, ImageReference target, PolicyResult result) {
    LoadedPolicy policy = policies.get(i);
    Optional<Digest> digest = result.digest();
    if (digest.isPresent() && fixed.isPresent() && !digest.get().equals(fixed.get())) {
      result =
          PolicyResult.failed(
              policy.name(),
              policy.failurePolicy(),
              CheckStatus.DIGEST_MISMATCH,
              "Tried to check "
                  + target
                  + " but the verifier answered for "
                  + digest.get()
                  + "; refused, since the image that runs must be the one checked");
    } else if (digest.isPresent()) {
      fixed = digest;
    }
    results.set(i, result);
  }

  /**
   * Waits for the checks until {@code deadline}, then gives up on them.
   *
   * @return false when the calling thread was interrupted while waiting
   */
  boolean await(Ticker ticker, long deadline) {
    if (future == null) {
      return true;
    }
    try {
      long left = deadline - ticker.read();
      if (left > 0) {
        future.get(left, TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException | ExecutionException | CancellationException e) {
      // the results not written by now become timeouts (ExecutionException cannot happen: the
      // task catches everything)
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return false;
    }
    if (!future.isDone()) {
      future.cancel(true);
    }
    return true;
  }

  /** Gives up on the checks at once. */
  void cancel() {
    if (future != null) {
      future.cancel(true);
    }
  }

  /** The result for {@code container}, which runs this image; unfinished checks timed out. */
  ImageResult result(ContainerImage container, Duration budget) {
    List<PolicyResult> list = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      PolicyResult result = results.get(i);
      if (result == null) {
        LoadedPolicy policy = policies.get(i);
        result =
            PolicyResult.failed(
                policy.name(),
                policy.failurePolicy(),
                CheckStatus.TIMEOUT,
                "Tried to check "
                    + UntrustedText.of(image)
                    + " within the review's budget of "
                    + budget.toMillis()
                    + " ms but failed because the check did not finish in time");
      }
      list.add(result);
    }
    Optional<Digest> pin = Optional.empty();
    boolean denied = list.stream().anyMatch(r -> r.effect() == Effect.DENY);
    if (reference.isPresent() && reference.get().digest().isEmpty() && !denied) {
      pin =
          list.stream()
              .filter(r -> r.status() == CheckStatus.VERIFIED)
              .map(r -> r.verdict().orElseThrow().image())
              .findFirst();
    }
    return new ImageResult(container, list, pin);
  }
}
