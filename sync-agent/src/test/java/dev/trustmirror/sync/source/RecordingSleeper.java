package dev.trustmirror.sync.source;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SourceOptions.Sleeper} that records the delays instead of waiting. */
final class RecordingSleeper implements SourceOptions.Sleeper {
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    delays.add(duration);
  }

  List<Duration> delays() {
    return List.copyOf(delays);
  }
}
