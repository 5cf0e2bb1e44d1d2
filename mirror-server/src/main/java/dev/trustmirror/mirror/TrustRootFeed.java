package dev.trustmirror.mirror;

import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.kube.watch.TrustRootChange;
import dev.trustmirror.kube.watch.TrustRootWatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Serves a {@code TrustRoot} resource: a {@link TrustRootWatcher} reads it when the server starts
 * and then follows it with an informer, verifying every new state on a Vert.x worker thread with
 * anti-rollback from the last accepted one. An accepted state is switched in atomically; a refused
 * one (tampered, malformed, older than the one served) and a deleted resource leave the last good
 * repository serving, are counted as reload failures and logged once.
 *
 * <p>Until a first state verifies (the resource does not exist yet, or is refused), the server
 * listens but serves nothing: {@code /healthz} is 200, {@code /readyz} 503 saying why, files 503.
 * That is what a Deployment wants: the pod waits, unready, for the resource to appear.
 */
final class TrustRootFeed implements RepositoryFeed {
  /** How long the informer's first list may take before the server gives up starting. */
  private static final Duration FIRST_LIST_LIMIT = Duration.ofSeconds(30);

  /** What is kept of a resourceVersion in a name that also goes into a response header. */
  private static final Pattern NOT_IN_NAMES = Pattern.compile("[^A-Za-z0-9._-]");

  private final Vertx vertx;
  private final String name;
  private final RepositorySwitch target;
  private final Consumer<String> log;
  private final TrustRootWatcher watcher;
  private volatile Optional<String> servedVersion = Optional.empty();
  private volatile String waiting;

  TrustRootFeed(
      Vertx vertx,
      MirrorServerOptions.Source.TrustRoot source,
      RepositorySwitch target,
      Consumer<String> log,
      Clock clock) {
    this.vertx = vertx;
    this.name = source.name();
    this.target = target;
    this.log = log;
    this.waiting = "reading TrustRoot " + name;
    this.watcher =
        TrustRootWatcher.create(
            source.client(),
            source.name(),
            TrustRootReader.create(clock),
            source.anchor(),
            this::onWorker,
            this::changed);
  }

  /** Runs the verification of a reported state on a worker thread, never on an event loop. */
  private void onWorker(Runnable verification) {
    vertx.executeBlocking(
        () -> {
          verification.run();
          return null;
        },
        false);
  }

  @Override
  public Future<Void> follow() {
    return vertx.executeBlocking(
        () -> {
          watcher.start(FIRST_LIST_LIMIT);
          return null;
        },
        false);
  }

  @Override
  public Future<Boolean> check() {
    return vertx.executeBlocking(
        () -> watcher.check().map(c -> c instanceof TrustRootChange.Accepted).orElse(false), false);
  }

  @Override
  public void stop() {
    watcher.close();
  }

  @Override
  public SourceDescription source() {
    return new SourceDescription(SourceDescription.TRUST_ROOT, name, servedVersion);
  }

  @Override
  public String waitingFor() {
    return waiting;
  }

  /** Called by the watcher, one change at a time. */
  private void changed(TrustRootChange change) {
    if (change instanceof TrustRootChange.Accepted accepted) {
      VerifiedTrustRoot root = accepted.root();
      servedVersion = root.resourceVersion();
      target.switchTo(root.repository(), generationName(root));
    } else if (change instanceof TrustRootChange.Refused refused) {
      String which =
          "TrustRoot "
              + name
              + refused.resourceVersion().map(v -> " (resourceVersion " + v + ")").orElse("");
      waiting = which + " was refused (" + refused.reason() + "); waiting for one that verifies";
      target.failed("refused to serve " + which + ": " + refused.cause());
    } else if (change instanceof TrustRootChange.Missing missing) {
      waiting = "TrustRoot " + name + " does not exist; waiting for it to be created";
      if (missing.deleted()) {
        target.failed("TrustRoot " + name + " was deleted");
      } else {
        log.accept("Waiting for TrustRoot " + name + ": it does not exist (yet)");
      }
    }
  }

  /** {@code trustroot/NAME@RESOURCEVERSION}: in logs, on the status page, in a header. */
  private static String generationName(VerifiedTrustRoot root) {
    String version =
        root.resourceVersion().map(v -> NOT_IN_NAMES.matcher(v).replaceAll("_")).orElse("none");
    return "trustroot/" + root.name() + "@" + version;
  }
}
