package dev.trustmirror.verifier.admission;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor image checks run on: a fixed number of daemon threads and a bounded queue. A check
 * that finds the queue full is not run and fails (denied under Block): under overload the webhook
 * answers at once rather than letting every review run into the API server's timeout.
 */
public final class CheckExecutors {
  private CheckExecutors() {}

  /**
   * A bounded executor.
   *
   * @param threads how many checks run at once (registry round trips are I/O bound: 16 to 64)
   * @param queue how many more may wait
   */
  public static ExecutorService bounded(int threads, int queue) {
    if (threads < 1 || queue < 0) {
      throw new IllegalArgumentException(
          "threads >= 1 and queue >= 0, not " + threads + ", " + queue);
    }
    AtomicInteger number = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              new Thread(runnable, "trust-mirror-image-check-" + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        queue == 0
            ? new java.util.concurrent.SynchronousQueue<>()
            : new ArrayBlockingQueue<>(queue),
        factory,
        new ThreadPoolExecutor.AbortPolicy());
  }
}
