package dev.trustmirror.verifier.webhook;

import java.util.List;

/**
 * Whether the webhook can decide: {@code /readyz} answers 200 only when no part reports a reason to
 * wait (a trust root not yet verified, policies not yet listed).
 */
@FunctionalInterface
public interface Readiness {
  /** Why the webhook cannot decide yet, one sentence each; empty when it can. */
  List<String> notReady();
}
