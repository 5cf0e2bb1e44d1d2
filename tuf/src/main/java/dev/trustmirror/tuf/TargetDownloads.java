package dev.trustmirror.tuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * TUF 5.7: downloads the targets that verified targets roles list, checks their length and every
 * hash, and keeps each under all its published hash names. Sources that allow it are read by a few
 * threads at once; results and the first error are taken in list order, so the outcome does not
 * depend on timing.
 */
final class TargetDownloads {
  private static final int THREADS = 6;
  private final RepositorySource source;
  private final Limits limits;
  private final boolean consistent;

  TargetDownloads(RepositorySource source, Limits limits, boolean consistent) {
    this.source = source;
    this.limits = limits;
    this.consistent = consistent;
  }

  /** A downloaded, verified target and the paths it is published under. */
  private record Downloaded(String name, List<String> paths, byte[] bytes) {}

  void downloadAll(
      List<TargetsRole.Target> targets, TreeMap<String, byte[]> files, Map<String, String> names)
      throws TufRefusalException, SourceUnavailableException {
    List<Downloaded> done = new ArrayList<>();
    if (!source.concurrentFetch() || targets.size() < 2) {
      for (TargetsRole.Target t : targets) {
        done.add(download(t));
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, targets.size()));
      try {
        List<Future<Downloaded>> futures = new ArrayList<>();
        for (TargetsRole.Target t : targets) {
          futures.add(pool.submit(() -> download(t)));
        }
        for (Future<Downloaded> f : futures) {
          done.add(await(f));
        }
      } finally {
        pool.shutdownNow();
      }
    }
    for (Downloaded d : done) {
      for (String p : d.paths()) {
        files.put(p, d.bytes());
      }
      names.putIfAbsent(d.name(), d.paths().get(0));
    }
  }

  private static Downloaded await(Future<Downloaded> f)
      throws TufRefusalException, SourceUnavailableException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailableException("targets", "interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TufRefusalException r) {
        throw r;
      }
      if (cause instanceof SourceUnavailableException u) {
        throw u;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    }
  }

  private Downloaded download(TargetsRole.Target t)
      throws TufRefusalException, SourceUnavailableException {
    String name = t.path().name();
    long length = t.info().length().orElseThrow();
    if (length > limits.maxTargetBytes()) {
      throw new FileTooLargeException(name, limits.maxTargetBytes());
    }
    List<String> paths = new ArrayList<>();
    if (consistent) {
      for (String alg : List.of("sha256", "sha512")) {
        String hash = t.info().hashes().get(alg);
        if (hash != null) {
          paths.add(t.path().publishedPath(hash, true));
        }
      }
    } else {
      paths.add(t.path().publishedPath("", false));
    }
    for (String p : paths) {
      Optional<byte[]> b = source.fetch(p, length);
      if (b.isPresent()) {
        // TUF 5.7.3: length and every hash the targets role lists.
        t.info().check(name, b.get());
        return new Downloaded(name, List.copyOf(paths), b.get());
      }
    }
    throw new MissingFileException(name, paths.get(0));
  }
}
