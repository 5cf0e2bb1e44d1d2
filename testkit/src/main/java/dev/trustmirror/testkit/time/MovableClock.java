package dev.trustmirror.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock in UTC that stands still until the test moves it ({@link #set}, {@link #advance}); it
 * never reads the system clock. Safe to move from one thread while others read it.
 */
public final class MovableClock extends Clock {
  private volatile Instant now;

  /** A clock standing at {@code start}. */
  public MovableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock to {@code instant}. */
  public synchronized void set(Instant instant) {
    now = instant;
  }

  /** Moves the clock by {@code duration} (backwards when negative). */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock for UTC; other zones are refused (every time in the project is UTC). */
  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone.normalized())) {
      return this;
    }
    throw new UnsupportedOperationException("UTC only, not " + zone);
  }
}
