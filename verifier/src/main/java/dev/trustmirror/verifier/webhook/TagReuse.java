package dev.trustmirror.verifier.webhook;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How {@link RegistryImageChecker} reuses a tag's resolution (tag to digest, per credentials).
 *
 * <p>A resolution is used for at most {@code ttl} after it was made (zero: every check resolves the
 * tag). With a {@code refresher}, the first check that uses a resolution older than half the {@code
 * ttl} has it made again in the background, once per tag, while checks go on using the current one:
 * a tag in steady use never expires, so no burst of reviews waits on the registry every {@code
 * ttl}. A background resolution that fails changes nothing, and the old one expires at its {@code
 * ttl} as before.
 *
 * @param ttl how long a resolution is used at most
 * @param ticker the time of resolutions (monotonic nanoseconds)
 * @param refresher where background resolutions run (e.g. the check executor); empty: none
 */
public record TagReuse(Duration ttl, Ticker ticker, Optional<Executor> refresher) {
  public TagReuse {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(refresher, "refresher");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("A tag's reuse time must not be negative: " + ttl);
    }
  }

  /** Resolutions used for {@code ttl}, on the system ticker, never refreshed in the background. */
  public static TagReuse of(Duration ttl) {
    return new TagReuse(ttl, Ticker.systemTicker(), Optional.empty());
  }
}
