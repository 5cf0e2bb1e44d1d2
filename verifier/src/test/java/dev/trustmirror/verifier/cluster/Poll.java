package dev.trustmirror.verifier.cluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a bounded deadline, checking every 20 ms. Not a timing assertion: the
 * deadline only bounds a test that would otherwise hang, it is never what the test checks.
 */
final class Poll {
  static final Duration LIMIT = Duration.ofSeconds(60);

  private Poll() {}

  static void until(String what, BooleanSupplier condition) {
    until(what, LIMIT, condition);
  }

  /** As {@link #until(String, BooleanSupplier)}, giving up after {@code limit}. */
  static void until(String what, Duration limit, BooleanSupplier condition) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("Waited " + limit + " for: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
