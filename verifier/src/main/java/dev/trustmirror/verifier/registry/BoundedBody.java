package dev.trustmirror.verifier.registry;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects a response body of at most {@code limit} bytes, hashing it while it arrives. One byte
 * more (or an announced length above the limit) and it cancels the download, which closes the
 * connection: an endless body never fills memory. Every chunk advances a progress counter that the
 * read timeout watches.
 */
final class BoundedBody implements BodySubscriber<BoundedBody.Result> {

  /** The bytes and their digest, or {@code tooLarge} (then without bytes). */
  record Result(byte[] bytes, Optional<Digest> digest, boolean tooLarge) {}

  private final long limit;
  private final boolean refuse;
  private final Optional<Digest.Algorithm> algorithm;
  private final MessageDigest hash;
  private final AtomicLong progress;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  private BoundedBody(
      long limit, boolean refuse, Optional<Digest.Algorithm> algorithm, AtomicLong progress) {
    this.limit = limit;
    this.refuse = refuse;
    this.algorithm = algorithm;
    this.hash = algorithm.map(Digest.Algorithm::newMessageDigest).orElse(null);
    this.progress = progress;
  }

  /** Collects up to {@code limit} bytes, hashed with {@code algorithm} when given. */
  static BoundedBody upTo(long limit, Optional<Digest.Algorithm> algorithm, AtomicLong progress) {
    return new BoundedBody(limit, false, algorithm, progress);
  }

  /** Refuses the body without reading it (its announced length is already too large). */
  static BoundedBody refusing(AtomicLong progress) {
    return new BoundedBody(0, true, Optional.empty(), progress);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (refuse) {
      s.cancel();
      result.complete(new Result(new byte[0], Optional.empty(), true));
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int n = buffer.remaining();
      progress.incrementAndGet();
      if (bytes.size() + (long) n > limit) {
        subscription.cancel();
        result.complete(new Result(new byte[0], Optional.empty(), true));
        return;
      }
      byte[] chunk = new byte[n];
      buffer.get(chunk);
      if (hash != null) {
        hash.update(chunk);
      }
      bytes.write(chunk, 0, n);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    Optional<Digest> digest = algorithm.map(a -> Digest.fromHash(a, hash.digest()));
    result.complete(new Result(bytes.toByteArray(), digest, false));
  }

  /** Stops the download (timeout): cancels the subscription if there is one. */
  void abort() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.cancel(false);
  }

  @Override
  public CompletionStage<Result> getBody() {
    return result;
  }
}
