package dev.trustmirror.verifier.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trustmirror.verifier.registry.Digest;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The tag resolutions {@link RegistryImageChecker} reuses, as {@link TagReuse} says: each for at
 * most its TTL, and, with a refresher, made again in the background once half of it has passed
 * (once at a time per tag). Keys are a credential fingerprint and an image name; the cache is
 * bounded by the characters they hold, since image names come from reviews. Thread-safe.
 */
final class TagResolutions {
  private static final System.Logger LOG = System.getLogger(RegistryImageChecker.class.getName());

  /** Characters of keys kept at most. */
  private static final long MAX_CHARS = 2_000_000;

  /** A tag's digest, and when it was read ({@link TagReuse#ticker()} nanoseconds). */
  private record Resolution(Digest digest, long at) {}

  private final TagReuse reuse;
  private final Optional<Cache<String, Resolution>> cache;
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  TagResolutions(TagReuse reuse) {
    this.reuse = reuse;
    this.cache =
        reuse.ttl().isZero()
            ? Optional.empty()
            : Optional.of(
                Caffeine.newBuilder()
                    .maximumWeight(MAX_CHARS)
                    .<String, Resolution>weigher((key, resolution) -> 128 + key.length())
                    .expireAfterWrite(reuse.ttl())
                    .ticker(reuse.ticker())
                    .executor(Runnable::run)
                    .build());
  }

  /** Whether tags are reused at all (a zero TTL resolves every time). */
  boolean enabled() {
    return cache.isPresent();
  }

  /**
   * The digest {@code key}'s tag resolved to within the TTL, if any. An old one has {@code
   * resolveAgain} run on the refresher (when there is one, and no other run for {@code key} is
   * under way); what it returns is kept as made when it started.
   */
  Optional<Digest> find(String key, Supplier<Optional<Digest>> resolveAgain) {
    Resolution found = cache.isEmpty() ? null : cache.get().getIfPresent(key);
    if (found == null) {
      return Optional.empty();
    }
    if (reuse.refresher().isPresent()
        && reuse.ticker().read() - found.at() >= reuse.ttl().toNanos() / 2
        && refreshing.add(key)) {
      try {
        reuse.refresher().get().execute(() -> refresh(key, resolveAgain));
      } catch (RejectedExecutionException e) {
        refreshing.remove(key); // busy: a later use tries again
      }
    }
    return Optional.of(found.digest());
  }

  /** Keeps {@code digest} as {@code key}'s resolution, made now. */
  void put(String key, Digest digest) {
    cache.ifPresent(c -> c.put(key, new Resolution(digest, reuse.ticker().read())));
  }

  /** Forgets every resolution. */
  void clear() {
    cache.ifPresent(Cache::invalidateAll);
  }

  private void refresh(String key, Supplier<Optional<Digest>> resolveAgain) {
    try {
      long at = reuse.ticker().read();
      resolveAgain.get().ifPresent(d -> cache.orElseThrow().put(key, new Resolution(d, at)));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "Tried to resolve " + key.replace('\n', ' ') + " again: " + e);
    } finally {
      refreshing.remove(key);
    }
  }
}
