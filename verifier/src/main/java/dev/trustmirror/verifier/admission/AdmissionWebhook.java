package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.policy.PolicySet;
import dev.trustmirror.verifier.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The webhook's logic, values in and values out: an AdmissionReview's bytes in, the {@link
 * WebhookReply} to send out. No HTTP, no Kubernetes client: the server calls {@link #validate} for
 * {@code /validate} and {@link #mutate} for {@code /mutate} and writes the reply.
 *
 * <ul>
 *   <li>CREATE and UPDATE are checked (on UPDATE, only the images that differ from {@code
 *       oldObject}: an unchanged image was admitted before, and re-checking it would block label or
 *       finalizer updates of running workloads whenever a policy tightens); DELETE and CONNECT are
 *       admitted.
 *   <li>{@code /validate} and {@code /mutate} decide alike (Block denies on both, so a cluster with
 *       only the mutating webhook still fails closed); {@code /mutate} adds the JSON Patch pinning
 *       verified images to their digest; only {@code /validate} yields the Warn Event, so a review
 *       seen by both gets one.
 *   <li>A review that cannot be read is denied (code 400) when its uid was read, else answered with
 *       HTTP 400 (the API server then applies the configuration's {@code failurePolicy}, which the
 *       chart sets to Fail). An object of a kind the webhook does not know is denied: it cannot
 *       tell what such an object runs. An unexpected exception denies (code 500): fail closed.
 * </ul>
 */
public final class AdmissionWebhook {
  private final AdmissionDecider decider;
  private final Supplier<PolicySet> policies;
  private final NamespaceLabels namespaces;
  private final WebhookSettings settings;
  private final Duration budget;
  private final Clock clock;

  private AdmissionWebhook(
      AdmissionDecider decider,
      Supplier<PolicySet> policies,
      NamespaceLabels namespaces,
      WebhookSettings settings,
      Clock clock) {
    this.decider = decider;
    this.policies = policies;
    this.namespaces = namespaces;
    this.settings = settings;
    this.budget = settings.budget();
    this.clock = clock;
  }

  /**
   * The webhook.
   *
   * @param policies the policies in force, read once per review (the informer swaps the set)
   * @param clock the time of Events
   */
  public static AdmissionWebhook create(
      AdmissionDecider decider,
      Supplier<PolicySet> policies,
      NamespaceLabels namespaces,
      WebhookSettings settings,
      Clock clock) {
    return new AdmissionWebhook(
        Objects.requireNonNull(decider, "decider"),
        Objects.requireNonNull(policies, "policies"),
        Objects.requireNonNull(namespaces, "namespaces"),
        Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(clock, "clock"));
  }

  /** Answers a review posted to {@code /validate}. Never throws. */
  public WebhookReply validate(byte[] body) {
    return handle(body, false);
  }

  /** Answers a review posted to {@code /mutate}: as {@link #validate}, plus the digest pins. */
  public WebhookReply mutate(byte[] body) {
    return handle(body, true);
  }

  /**
   * The reply {@link #validate} ({@code mutate} false) or {@link #mutate} would give, when it can
   * be given from memory alone: a review that cannot be read, one that is not checked, or one whose
   * every check has a known verdict ({@link AdmissionDecider#decideKnown}). Never blocks and never
   * throws, so the server calls it on its event loop.
   *
   * @return empty when a check needs the registry or the API server: then call {@link #validate} or
   *     {@link #mutate} where blocking is allowed
   */
  public Optional<WebhookReply> answerFromMemory(byte[] body, boolean mutate) {
    try {
      return handle(body, mutate, true);
    } catch (RuntimeException e) {
      return Optional.empty(); // the blocking path decides, and says what went wrong
    }
  }

  private WebhookReply handle(byte[] body, boolean mutate) {
    return handle(body, mutate, false).orElseThrow();
  }

  /** The reply; empty only when {@code memoryOnly} and something is not in memory. */
  private Optional<WebhookReply> handle(byte[] body, boolean mutate, boolean memoryOnly) {
    AdmissionRequest request;
    try {
      request = ReviewParser.parse(body, settings.maxBodyBytes());
    } catch (MalformedReviewException e) {
      return Optional.of(malformed(e));
    } catch (RuntimeException e) {
      if (memoryOnly) {
        return Optional.empty();
      }
      return Optional.of(
          badRequest("Tried to read the AdmissionReview but failed because of an unexpected " + e));
    }
    try {
      return decide(request, mutate, memoryOnly);
    } catch (MalformedReviewException e) {
      return Optional.of(malformed(e));
    } catch (RuntimeException e) {
      if (memoryOnly) {
        return Optional.empty();
      }
      String message =
          "Tried to check the images of the "
              + request.kind().kind()
              + " but failed because of an unexpected "
              + e
              + "; denied (fail closed)";
      return Optional.of(
          new WebhookReply(
              200,
              "application/json",
              ReviewResponse.denied(request.uid(), 500, "InternalError", message, List.of()),
              ReviewOutcome.FAILED,
              Optional.of(request.uid()),
              Optional.empty(),
              Optional.empty(),
              message));
    }
  }

  private Optional<WebhookReply> decide(
      AdmissionRequest request, boolean mutate, boolean memoryOnly)
      throws MalformedReviewException {
    String uid = request.uid();
    if (request.operation() == Operation.DELETE || request.operation() == Operation.CONNECT) {
      return Optional.of(
          answered(
              uid,
              ReviewResponse.allowed(uid, List.of(), Optional.empty()),
              ReviewOutcome.SKIPPED,
              Optional.empty(),
              Optional.empty(),
              request.operation() + " is not checked"));
    }
    Optional<WorkloadKind> kind = WorkloadKind.of(request.kind());
    if (kind.isEmpty()) {
      String message =
          "Tried to find the images of a "
              + UntrustedText.of(request.kind().toString())
              + " but failed because the webhook does not know that kind (it checks Pods,"
              + " Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs and"
              + " ReplicationControllers); denied, since what it runs cannot be checked. Fix the"
              + " rules of the webhook configuration.";
      return Optional.of(
          answered(
              uid,
              ReviewResponse.denied(uid, 400, "BadRequest", message, List.of()),
              ReviewOutcome.REJECTED,
              Optional.empty(),
              Optional.empty(),
              message));
    }
    Workload workload =
        WorkloadExtractor.extract(
            request, kind.get(), request.object().orElseThrow(), settings.maxImages());
    if (request.operation() == Operation.UPDATE && request.oldObject().isPresent()) {
      workload = workload.withImages(changedImages(workload, request.oldObject().get(), uid));
    }
    Optional<Map<String, String>> labels = namespaces.find(workload.namespace());
    PolicySet policySet = policies.get();
    Optional<AdmissionDecision> decision =
        memoryOnly
            ? decider.decideKnown(workload, policySet, labels, budget)
            : Optional.of(decider.decide(workload, policySet, labels, budget));
    return decision.map(d -> reply(request, d, mutate));
  }

  /** The images of {@code workload} that {@code oldObject} does not run at the same place. */
  private List<ContainerImage> changedImages(Workload workload, JsonNode oldObject, String uid) {
    Set<String> before = new HashSet<>();
    try {
      for (ContainerImage image :
          WorkloadExtractor.images(oldObject, workload.kind(), uid, settings.maxImages())) {
        before.add(image.pointer() + "\n" + image.image());
      }
    } catch (MalformedReviewException e) {
      return workload.images(); // an unreadable old object: check everything
    }
    return workload.images().stream()
        .filter(image -> !before.contains(image.pointer() + "\n" + image.image()))
        .toList();
  }

  private WebhookReply reply(AdmissionRequest request, AdmissionDecision decision, boolean mutate) {
    String uid = request.uid();
    List<String> warnings = DecisionMessages.warnings(decision);
    Effect effect = decision.effect();
    if (effect == Effect.DENY) {
      String message = DecisionMessages.denial(decision);
      return answered(
          uid,
          ReviewResponse.denied(uid, 403, "Forbidden", message, warnings),
          ReviewOutcome.DENIED,
          Optional.of(decision),
          Optional.empty(),
          message);
    }
    Optional<byte[]> patch = mutate ? DigestPatch.of(decision) : Optional.empty();
    Optional<WarningEvent> event = Optional.empty();
    if (effect == Effect.WARN && !mutate && !request.dryRun()) {
      event = Optional.of(event(decision));
    }
    return answered(
        uid,
        ReviewResponse.allowed(uid, warnings, patch),
        effect == Effect.WARN ? ReviewOutcome.WARNED : ReviewOutcome.ALLOWED,
        Optional.of(decision),
        event,
        "admitted "
            + decision.workload().describe()
            + ": "
            + decision.images().size()
            + " image(s) checked, "
            + decision.pins().size()
            + " pinned, "
            + warnings.size()
            + " warning(s)");
  }

  private WarningEvent event(AdmissionDecision decision) {
    boolean refused =
        decision.images().stream()
            .flatMap(i -> i.failures(Effect.WARN).stream())
            .anyMatch(r -> !r.status().isUnavailability());
    Workload workload = decision.workload();
    return new WarningEvent(
        refused ? WarningEvent.NOT_VERIFIED : WarningEvent.CHECK_FAILED,
        DecisionMessages.event(decision),
        new InvolvedObject(
            workload.apiVersion(),
            workload.kind().kind(),
            workload.namespace(),
            workload.name(),
            workload.uid()),
        clock.instant());
  }

  private static WebhookReply malformed(MalformedReviewException e) {
    if (!e.answerable()) {
      return badRequest(e.getMessage());
    }
    String uid = e.uid().orElseThrow();
    return answered(
        uid,
        ReviewResponse.denied(uid, 400, "BadRequest", e.getMessage() + "; denied", List.of()),
        ReviewOutcome.REJECTED,
        Optional.empty(),
        Optional.empty(),
        e.getMessage());
  }

  private static WebhookReply badRequest(String message) {
    return new WebhookReply(
        400,
        "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8),
        ReviewOutcome.BAD_REQUEST,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        message);
  }

  private static WebhookReply answered(
      String uid,
      byte[] body,
      ReviewOutcome outcome,
      Optional<AdmissionDecision> decision,
      Optional<WarningEvent> event,
      String summary) {
    return new WebhookReply(
        200, "application/json", body, outcome, Optional.of(uid), decision, event, summary);
  }
}
