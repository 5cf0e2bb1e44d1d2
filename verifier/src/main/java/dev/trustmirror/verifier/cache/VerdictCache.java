package dev.trustmirror.verifier.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.sigstore.RefusalCode;
import dev.trustmirror.verifier.sigstore.TimeSource;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Verdicts by {@link VerdictKey}, in Caffeine: bounded, each entry expiring after the TTL its kind
 * deserves. Refusals are kept for {@code failureTtl} (zero: not at all) so that a signature pushed
 * a moment later is seen; a refusal from an unexpected error ({@link RefusalCode#INTERNAL_ERROR})
 * is never kept. Since the trust root's identity is part of every key, a rotated trust root can
 * never be answered with an old verdict; {@link #trustRootChanged} also drops the old entries at
 * once.
 *
 * <p>Thread-safe. Maintenance runs on the calling thread, so tests see evictions at once.
 */
public final class VerdictCache {
  private final Cache<VerdictKey, Verdict> cache;
  private final VerdictCacheSettings settings;
  private final AtomicReference<String> trustRoot = new AtomicReference<>();

  private VerdictCache(VerdictCacheSettings settings, Ticker ticker) {
    this.settings = settings;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.maximumSize())
            .expireAfter(new VerdictExpiry(settings))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** A cache with the system ticker. */
  public static VerdictCache create(VerdictCacheSettings settings) {
    return create(settings, Ticker.systemTicker());
  }

  /** A cache whose time comes from {@code ticker} (tests: a ticker they advance). */
  public static VerdictCache create(VerdictCacheSettings settings, Ticker ticker) {
    return new VerdictCache(
        Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(ticker, "ticker"));
  }

  /**
   * The cached verdict for {@code key}, or the one {@code verify} computes, cached for as long as
   * its kind allows. {@code verify} runs at most once per key at a time.
   */
  public Verdict get(VerdictKey key, Supplier<Verdict> verify) {
    Objects.requireNonNull(verify, "verify");
    Verdict verdict = cache.get(key, k -> verify.get());
    if (!cacheable(verdict)) {
      cache.asMap().remove(key, verdict);
    }
    return verdict;
  }

  /** The cached verdict for {@code key}, if any. */
  public Optional<Verdict> find(VerdictKey key) {
    return Optional.ofNullable(cache.getIfPresent(key));
  }

  /** Drops every verdict. */
  public void clear() {
    cache.invalidateAll();
  }

  /**
   * Tells the cache which trust root is now in force: when it differs from the previous one, every
   * verdict is dropped (they were keyed by the old identity and could never be served anyway).
   *
   * @return whether the cache was cleared
   */
  public boolean trustRootChanged(String trustRootIdentity) {
    Objects.requireNonNull(trustRootIdentity, "trustRootIdentity");
    String previous = trustRoot.getAndSet(trustRootIdentity);
    if (previous != null && !previous.equals(trustRootIdentity)) {
      clear();
      return true;
    }
    return false;
  }

  /** Approximate number of verdicts held. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** The settings. */
  public VerdictCacheSettings settings() {
    return settings;
  }

  private boolean cacheable(Verdict verdict) {
    return VerdictExpiry.ttl(verdict, settings).compareTo(Duration.ZERO) > 0;
  }

  /** Per-entry TTL: successes long, failures short, unexpected errors never. */
  private static final class VerdictExpiry implements Expiry<VerdictKey, Verdict> {
    private final VerdictCacheSettings settings;

    VerdictExpiry(VerdictCacheSettings settings) {
      this.settings = settings;
    }

    static Duration ttl(Verdict verdict, VerdictCacheSettings settings) {
      if (verdict.verified()) {
        // a verdict that rests on "now" (ignoreTlog without a timestamp) may turn with the clock
        return verdict.match().get().timeSource() == TimeSource.NOW
                && settings.failureTtl().compareTo(settings.successTtl()) < 0
            ? settings.failureTtl()
            : settings.successTtl();
      }
      if (verdict.codes().contains(RefusalCode.INTERNAL_ERROR)) {
        return Duration.ZERO;
      }
      return settings.failureTtl();
    }

    @Override
    public long expireAfterCreate(VerdictKey key, Verdict verdict, long currentTime) {
      return ttl(verdict, settings).toNanos();
    }

    @Override
    public long expireAfterUpdate(
        VerdictKey key, Verdict verdict, long currentTime, long currentDuration) {
      return ttl(verdict, settings).toNanos();
    }

    @Override
    public long expireAfterRead(
        VerdictKey key, Verdict verdict, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
