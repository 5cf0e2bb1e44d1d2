package dev.trustmirror.kube.publish;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a bounded deadline, checking every 20 ms. Not a timing assertion: the
 * deadline only bounds a test that would otherwise hang, it is never what the test checks.
 */
final class Poll {
  private Poll() {}

  static void until(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("Waited " + deadline + " for: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
