package dev.trustmirror.verifier.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the verdict cache.
 *
 * @param maximumSize most verdicts kept
 * @param successTtl how long a verified verdict is served
 * @param failureTtl how long a refusal is served; zero to never cache refusals. Also the most a
 *     verified verdict whose signing time was "now" is kept, since it depends on the clock
 */
public record VerdictCacheSettings(long maximumSize, Duration successTtl, Duration failureTtl) {
  /** 10,000 verdicts, successes for 10 minutes, failures for 10 seconds. */
  public static final VerdictCacheSettings DEFAULTS =
      new VerdictCacheSettings(10_000, Duration.ofMinutes(10), Duration.ofSeconds(10));

  public VerdictCacheSettings {
    Objects.requireNonNull(successTtl, "successTtl");
    Objects.requireNonNull(failureTtl, "failureTtl");
    if (maximumSize < 0 || successTtl.isNegative() || failureTtl.isNegative()) {
      throw new IllegalArgumentException("Cache bounds cannot be negative");
    }
  }
}
