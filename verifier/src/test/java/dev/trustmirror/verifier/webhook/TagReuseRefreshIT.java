package dev.trustmirror.verifier.webhook;

import static dev.trustmirror.verifier.webhook.SignedTags.KEY;
import static dev.trustmirror.verifier.webhook.SignedTags.REPOSITORY;
import static dev.trustmirror.verifier.webhook.SignedTags.policy;
import static dev.trustmirror.verifier.webhook.SignedTags.pollUntil;
import static dev.trustmirror.verifier.webhook.SignedTags.pushSigned;
import static dev.trustmirror.verifier.webhook.SignedTags.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustmirror.testkit.registry.DockerRegistry;
import dev.trustmirror.verifier.admission.CheckRequest;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.webhook.SignedTags.MovableTicker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TagReuse}: a tag's resolution used for its TTL and, with a refresher, resolved again in
 * the background by the first use after half of it, against a real docker-registry where the test
 * moves the tag to a new signed image. Time is a ticker the test moves; the background resolutions
 * run on a real thread pool, or on a queue the test runs by hand where the count of them matters.
 */
class TagReuseRefreshIT {
  private static final Duration TTL = Duration.ofSeconds(30);

  private final MovableTicker ticker = new MovableTicker();
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());

  private DockerRegistry registry;
  private String tag;
  private CheckRequest tagRequest;

  @BeforeEach
  void start() throws Exception {
    registry = DockerRegistry.start();
    tag = registry.host() + "/" + REPOSITORY + ":v1";
    tagRequest = request(tag, policy(KEY));
  }

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    registry.close();
  }

  private RegistryImageChecker checker(Optional<Executor> refresher) {
    return SignedTags.checker(registry, new TagReuse(TTL, ticker, refresher));
  }

  /** The digest of the verdict {@code checker} knows for the tag, if any. */
  private Optional<String> knownDigest(RegistryImageChecker checker) {
    return checker.known(tagRequest).map(v -> v.image().toString());
  }

  private String checkedDigest(RegistryImageChecker checker) throws Exception {
    return checker.check(tagRequest).image().toString();
  }

  @Test
  void aTagUsedAfterHalfItsTtlIsResolvedAgainInTheBackground() throws Exception {
    RegistryImageChecker checker = checker(Optional.of(pool));
    String first = pushSigned(registry, "v1");
    assertThat(checkedDigest(checker)).isEqualTo(first);
    String second = pushSigned(registry, "v1");

    ticker.advance(Duration.ofSeconds(14));
    assertThat(knownDigest(checker)).hasValue(first);
    assertThat(pool.getTaskCount()).as("younger than ttl/2: not resolved again").isZero();

    ticker.advance(Duration.ofSeconds(2));
    assertThat(knownDigest(checker)).as("answered at once from the old resolution").hasValue(first);
    pollUntil("the moved tag's new digest", () -> knownDigest(checker).equals(Optional.of(second)));

    assertThat(checker.known(tagRequest).map(Verdict::verified))
        .as("the new image judged in the background")
        .hasValue(true);
    assertThat(pool.getTaskCount()).as("one background resolution").isEqualTo(1);
    ticker.advance(Duration.ofSeconds(29));
    assertThat(knownDigest(checker))
        .as("45 s after the check: the new resolution lives a ttl from when it was made")
        .hasValue(second);
  }

  @Test
  void aFailedBackgroundResolutionKeepsTheOldDigestUntilItsTtl() throws Exception {
    RegistryImageChecker checker = checker(Optional.of(pool));
    String first = pushSigned(registry, "v1");
    assertThat(checkedDigest(checker)).isEqualTo(first);
    registry.close();

    ticker.advance(Duration.ofSeconds(16));
    assertThat(knownDigest(checker)).hasValue(first);
    pollUntil("the background resolution to end", () -> pool.getCompletedTaskCount() >= 1);

    assertThat(knownDigest(checker)).as("the failure changed nothing").hasValue(first);
    ticker.advance(Duration.ofSeconds(13));
    assertThat(knownDigest(checker)).hasValue(first);
    ticker.advance(Duration.ofSeconds(2));
    assertThat(knownDigest(checker)).as("past the ttl of the old resolution").isEmpty();
  }

  @Test
  void withoutARefresherNothingIsResolvedAgainBeforeTheTtl() throws Exception {
    RegistryImageChecker checker = checker(Optional.empty());
    String first = pushSigned(registry, "v1");
    assertThat(checkedDigest(checker)).isEqualTo(first);
    String second = pushSigned(registry, "v1");

    ticker.advance(Duration.ofSeconds(16));
    assertThat(knownDigest(checker)).hasValue(first);
    assertThat(checkedDigest(checker)).isEqualTo(first);
    ticker.advance(Duration.ofSeconds(13));
    assertThat(knownDigest(checker)).hasValue(first);
    assertThat(checkedDigest(checker)).isEqualTo(first);

    ticker.advance(Duration.ofSeconds(2));
    assertThat(knownDigest(checker)).isEmpty();
    assertThat(checkedDigest(checker)).as("resolved again by the check").isEqualTo(second);
    assertThat(knownDigest(checker)).hasValue(second);
  }

  @Test
  void eachTagIsResolvedAgainOnceAtATime() throws Exception {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    RegistryImageChecker checker = checker(Optional.of(queued::add));
    String first = pushSigned(registry, "v1");
    pushSigned(registry, "v2");
    CheckRequest otherTag = request(registry.host() + "/" + REPOSITORY + ":v2", policy(KEY));
    assertThat(checkedDigest(checker)).isEqualTo(first);
    checker.check(otherTag);
    String second = pushSigned(registry, "v1");

    ticker.advance(Duration.ofSeconds(16));
    for (int i = 0; i < 3; i++) {
      assertThat(knownDigest(checker)).hasValue(first);
      assertThat(checkedDigest(checker)).isEqualTo(first);
      assertThat(checker.known(otherTag)).isPresent();
    }
    assertThat(queued).as("one background resolution per tag").hasSize(2);

    for (Runnable r : queued) {
      r.run();
    }
    queued.clear();
    assertThat(knownDigest(checker)).hasValue(second);
    assertThat(checker.known(otherTag)).isPresent();
    assertThat(queued).as("both resolutions are new again").isEmpty();
  }

  @Test
  void aBusyRefresherIsAskedAgainByTheNextUse() throws Exception {
    AtomicBoolean busy = new AtomicBoolean(true);
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    Executor refresher =
        task -> {
          if (busy.get()) {
            throw new RejectedExecutionException("busy");
          }
          queued.add(task);
        };
    RegistryImageChecker checker = checker(Optional.of(refresher));
    String first = pushSigned(registry, "v1");
    assertThat(checkedDigest(checker)).isEqualTo(first);
    String second = pushSigned(registry, "v1");

    ticker.advance(Duration.ofSeconds(16));
    assertThat(knownDigest(checker)).as("a rejected refresh changes nothing").hasValue(first);
    assertThat(queued).isEmpty();

    busy.set(false);
    assertThat(knownDigest(checker)).hasValue(first);
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    assertThat(knownDigest(checker)).hasValue(second);
  }
}
