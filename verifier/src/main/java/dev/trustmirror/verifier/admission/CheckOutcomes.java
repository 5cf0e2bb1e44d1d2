package dev.trustmirror.verifier.admission;

import dev.trustmirror.verifier.policy.LoadedPolicy;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.sigstore.Reason;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * How one check of an image against one policy ends, as a {@link PolicyResult}: the verdict
 * (verified or not, with its reasons), or the failure that stood in its way (registry unavailable
 * or refusing, or anything unexpected: fail closed under Block).
 */
final class CheckOutcomes {
  private CheckOutcomes() {}

  /** Runs the check; never throws but {@link InterruptedException} (the decider gave up). */
  static PolicyResult call(ImageChecker checker, CheckRequest request, LoadedPolicy policy)
      throws InterruptedException {
    String what = "Tried to check " + request.image() + " against its registry but failed because ";
    Verdict verdict;
    try {
      verdict = checker.check(request);
    } catch (InterruptedException e) {
      throw e;
    } catch (IOException e) {
      return PolicyResult.failed(
          policy.name(),
          policy.failurePolicy(),
          CheckStatus.REGISTRY_UNAVAILABLE,
          what + e.getMessage());
    } catch (RegistryRefusalException e) {
      return PolicyResult.failed(
          policy.name(),
          policy.failurePolicy(),
          CheckStatus.REGISTRY_REFUSED,
          e.reason() + ": " + e.getMessage());
    } catch (Throwable e) { // fail closed: whatever the verifier throws denies under Block
      return PolicyResult.failed(
          policy.name(), policy.failurePolicy(), CheckStatus.ERROR, what + "of an unexpected " + e);
    }
    if (verdict == null) {
      return PolicyResult.failed(
          policy.name(),
          policy.failurePolicy(),
          CheckStatus.ERROR,
          what + "the verifier gave no verdict");
    }
    return judged(verdict, policy);
  }

  static PolicyResult judged(Verdict verdict, LoadedPolicy policy) {
    if (verdict.verified()) {
      return new PolicyResult(
          policy.name(),
          policy.failurePolicy(),
          CheckStatus.VERIFIED,
          Optional.of(verdict),
          List.of());
    }
    return new PolicyResult(
        policy.name(),
        policy.failurePolicy(),
        CheckStatus.NOT_VERIFIED,
        Optional.of(verdict),
        verdict.reasons().stream().map(Reason::toString).toList());
  }
}
