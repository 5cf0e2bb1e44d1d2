package dev.trustmirror.sync.source;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects a response body of at most {@code limit} bytes. One byte more and it cancels the
 * download (closing the connection) and reports {@link Result#tooLarge()}: an endless response
 * never fills memory. Every chunk received advances a shared progress counter that the read timeout
 * watches.
 */
final class CappedBody implements BodySubscriber<CappedBody.Result> {

  /** The bytes received, or {@code tooLarge} with whatever was received before the cut. */
  record Result(int status, byte[] bytes, boolean tooLarge) {}

  private final int status;
  private final long limit;
  private final boolean refuse;
  private final AtomicLong progress;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  private CappedBody(int status, long limit, boolean refuse, AtomicLong progress) {
    this.status = status;
    this.limit = limit;
    this.refuse = refuse;
    this.progress = progress;
  }

  /** Collects up to {@code limit} bytes. */
  static CappedBody upTo(int status, long limit, AtomicLong progress) {
    return new CappedBody(status, limit, false, progress);
  }

  /** Refuses the body without reading it (its announced length is already too large). */
  static CappedBody refusing(int status, AtomicLong progress) {
    return new CappedBody(status, 0, true, progress);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (refuse) {
      s.cancel();
      result.complete(new Result(status, new byte[0], true));
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
        result.complete(new Result(status, new byte[0], true));
        return;
      }
      byte[] chunk = new byte[n];
      buffer.get(chunk);
      bytes.write(chunk, 0, n);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(new Result(status, bytes.toByteArray(), false));
  }

  /** Stops the download (read timeout): cancels the subscription if there is one. */
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
