package dev.trustmirror.verifier.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.policy.PolicySet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Decides a workload: for each image, the policies that apply; each checked through the {@link
 * ImageChecker} within one time budget for the whole review; the results combined (all applicable
 * policies must pass; Block failures deny, Warn failures warn).
 *
 * <p>Distinct images are checked in parallel on the injected, bounded executor (see {@link
 * CheckExecutors}); identical images are checked once. When the budget runs out, every unfinished
 * check is cancelled and counts as a {@link CheckStatus#TIMEOUT}: a failure like any other, so the
 * answer comes before the API server's own timeout and says which images were not checked in time.
 * Nothing here throws on a check's failure; time comes from the injected {@link Ticker}.
 */
public final class AdmissionDecider {
  private static final Duration MAX_BUDGET = Duration.ofMinutes(5);
  private static final long MAX_PARSED_CHARS = 1_000_000;

  private final ImageChecker checker;
  private final TrustRoots trustRoots;
  private final KeySecrets keySecrets;
  private final ExecutorService executor;
  private final Ticker ticker;
  private final PolicyMaterials materials = new PolicyMaterials();

  /**
   * Image strings parsed before: the same few images come in review after review. Bounded by the
   * characters held, since a hostile review may send long, distinct ones.
   */
  private final Cache<String, ParsedImage> parsed =
      Caffeine.newBuilder()
          .maximumWeight(MAX_PARSED_CHARS)
          .<String, ParsedImage>weigher(
              (image, result) -> 64 + image.length() + result.problem().length())
          .executor(Runnable::run)
          .build();

  private AdmissionDecider(
      ImageChecker checker,
      TrustRoots trustRoots,
      KeySecrets keySecrets,
      ExecutorService executor,
      Ticker ticker) {
    this.checker = checker;
    this.trustRoots = trustRoots;
    this.keySecrets = keySecrets;
    this.executor = executor;
    this.ticker = ticker;
  }

  /**
   * A decider.
   *
   * @param checker checks one image against one policy (the image verifier's adapter)
   * @param trustRoots the verified trust roots by TrustRoot name
   * @param keySecrets the public keys policies keep in Secrets
   * @param executor where checks run; bounded (a full queue fails the check, closed under Block)
   * @param ticker monotonic time for the budget ({@link Ticker#systemTicker()} in production)
   */
  public static AdmissionDecider create(
      ImageChecker checker,
      TrustRoots trustRoots,
      KeySecrets keySecrets,
      ExecutorService executor,
      Ticker ticker) {
    return new AdmissionDecider(
        Objects.requireNonNull(checker, "checker"),
        Objects.requireNonNull(trustRoots, "trustRoots"),
        Objects.requireNonNull(keySecrets, "keySecrets"),
        Objects.requireNonNull(executor, "executor"),
        Objects.requireNonNull(ticker, "ticker"));
  }

  /**
   * Decides {@code workload} under {@code policies}.
   *
   * @param namespaceLabels the namespace's labels; empty when unknown (every policy then applies)
   * @param budget the time all checks of this review may take together
   */
  public AdmissionDecision decide(
      Workload workload,
      PolicySet policies,
      Optional<Map<String, String>> namespaceLabels,
      Duration budget) {
    long deadline = ticker.read() + checkArguments(workload, policies, namespaceLabels, budget);
    Map<String, ImageRun> runs = plan(workload, policies, namespaceLabels, false).orElseThrow();
    for (ImageRun run : runs.values()) {
      run.start(executor, checker, workload.pullAuth(), ticker, deadline);
    }
    boolean interrupted = false;
    for (ImageRun run : runs.values()) {
      if (interrupted) {
        run.cancel();
      } else {
        interrupted = !run.await(ticker, deadline);
      }
    }
    return combine(workload, runs, budget);
  }

  /**
   * The decision {@link #decide} would make, when every input is already in memory: the policies'
   * keys ({@link KeySecrets#known}) and every check's verdict ({@link ImageChecker#known}). Never
   * blocks and starts no check, so the webhook can call it on its event loop.
   *
   * @return empty when any input is not in memory: then call {@link #decide}
   */
  public Optional<AdmissionDecision> decideKnown(
      Workload workload,
      PolicySet policies,
      Optional<Map<String, String>> namespaceLabels,
      Duration budget) {
    checkArguments(workload, policies, namespaceLabels, budget);
    Optional<Map<String, ImageRun>> runs = plan(workload, policies, namespaceLabels, true);
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    for (ImageRun run : runs.get().values()) {
      if (!run.decideKnown(checker, workload.pullAuth(), budget)) {
        return Optional.empty();
      }
    }
    return Optional.of(combine(workload, runs.get(), budget));
  }

  /** The budget in nanoseconds, after checking the arguments. */
  private static long checkArguments(
      Workload workload,
      PolicySet policies,
      Optional<Map<String, String>> namespaceLabels,
      Duration budget) {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(namespaceLabels, "namespaceLabels");
    if (budget.isNegative() || budget.isZero() || budget.compareTo(MAX_BUDGET) > 0) {
      throw new IllegalArgumentException("A review's budget is between 0 and 5 minutes: " + budget);
    }
    return budget.toNanos();
  }

  /** One run per distinct image; empty when {@code memoryOnly} and a policy's keys are not held. */
  private Optional<Map<String, ImageRun>> plan(
      Workload workload,
      PolicySet policies,
      Optional<Map<String, String>> namespaceLabels,
      boolean memoryOnly) {
    // a policy's trust root and keys are looked up once per review, not once per image
    Map<String, Optional<PolicyMaterial>> found = new HashMap<>();
    Map<String, ImageRun> runs = new LinkedHashMap<>();
    for (ContainerImage container : workload.images()) {
      if (runs.containsKey(container.image())) {
        continue;
      }
      Optional<ImageRun> run =
          ImageRun.plan(
              container.image(),
              parsed.get(container.image(), ParsedImage::of),
              policies,
              namespaceLabels,
              (LoadedPolicy p) ->
                  found.computeIfAbsent(
                      p.name(), n -> materials.resolve(p, trustRoots, keySecrets, memoryOnly)));
      if (run.isEmpty()) {
        return Optional.empty();
      }
      runs.put(container.image(), run.get());
    }
    return Optional.of(runs);
  }

  private static AdmissionDecision combine(
      Workload workload, Map<String, ImageRun> runs, Duration budget) {
    List<ImageResult> results = new ArrayList<>();
    for (ContainerImage container : workload.images()) {
      results.add(runs.get(container.image()).result(container, budget));
    }
    return new AdmissionDecision(workload, results);
  }
}
