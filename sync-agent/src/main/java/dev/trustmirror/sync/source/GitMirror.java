package dev.trustmirror.sync.source;

import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare clone of a remote git repository in the cache directory: created on first use, then
 * fetched incrementally (only new objects are transferred). Branches land under {@code
 * refs/remotes/origin/}, tags under {@code refs/tags/}, as {@code git clone} would put them.
 */
final class GitMirror implements Closeable {
  private static final List<RefSpec> REF_SPECS =
      List.of(
          new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
          new RefSpec("+refs/tags/*:refs/tags/*"));

  private final String remote;
  private final String shownRemote;
  private final Path gitDir;
  private final int timeoutSeconds;
  private Repository repository;

  /**
   * @param remote URL JGit understands ({@code https://}, {@code git://}, {@code file://})
   * @param shownRemote the same URL without credentials, for messages
   * @param cacheDir directory holding the bare clones
   * @param timeout network timeout of one fetch
   */
  GitMirror(String remote, String shownRemote, Path cacheDir, Duration timeout) {
    this.remote = remote;
    this.shownRemote = shownRemote;
    this.gitDir = cacheDir.resolve(cacheName(remote));
    this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
  }

  /** The bare repository's directory in the cache. */
  Path gitDir() {
    return gitDir;
  }

  /** Fetches the remote's branches and tags into the clone (creating it on first use). */
  synchronized Repository fetch() throws SourceUnavailableException {
    Repository repo = open();
    try (Git git = Git.wrap(repo)) {
      git.fetch()
          .setRemote(remote)
          .setRefSpecs(REF_SPECS)
          .setRemoveDeletedRefs(true)
          .setTimeout(timeoutSeconds)
          .call();
      return repo;
    } catch (GitAPIException | RuntimeException e) {
      // JGit reports a vanished repository, a refused connection or a bad URL this way.
      throw new SourceUnavailableException(
          shownRemote,
          "git fetch failed: " + String.valueOf(e.getMessage()).replace(remote, shownRemote),
          e);
    }
  }

  /**
   * The commit {@code ref} names in the clone: a branch, a tag, a full ref name or a commit id.
   *
   * @throws SourceUnavailableException when the remote has no such ref
   */
  synchronized ObjectId resolve(String ref) throws SourceUnavailableException {
    Repository repo = open();
    try {
      for (String candidate : candidates(ref)) {
        ObjectId id = repo.resolve(candidate + "^{commit}");
        if (id != null) {
          return id;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SourceUnavailableException(shownRemote, "cannot resolve '" + ref + "': " + e, e);
    }
    throw new SourceUnavailableException(
        shownRemote, "it has no branch, tag or commit '" + ref + "' (see --git-ref)");
  }

  @Override
  public synchronized void close() {
    if (repository != null) {
      repository.close();
      repository = null;
    }
  }

  /** Local names to try for {@code ref}, most specific first. */
  static List<String> candidates(String ref) {
    List<String> names = new ArrayList<>();
    if (ref.startsWith("refs/heads/")) {
      names.add("refs/remotes/origin/" + ref.substring("refs/heads/".length()));
    } else if (ref.startsWith("refs/")) {
      names.add(ref);
    } else {
      names.add("refs/remotes/origin/" + ref);
      names.add("refs/tags/" + ref);
      if (ref.matches("[0-9a-fA-F]{40}")) {
        names.add(ref.toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  /** A readable and unique directory name for a remote: {@code root-signing-1a2b3c4d5e6f.git}. */
  static String cacheName(String remote) {
    String trimmed = remote.replaceAll("/+$", "").replaceAll("\\.git$", "");
    String last =
        trimmed.substring(trimmed.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    if (last.isEmpty() || last.startsWith(".")) {
      last = "repo" + last;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(remote.getBytes(StandardCharsets.UTF_8));
      return last + "-" + HexFormat.of().formatHex(hash, 0, 6) + ".git";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK always has SHA-256", e);
    }
  }

  private Repository open() throws SourceUnavailableException {
    if (repository != null) {
      return repository;
    }
    try {
      if (!Files.exists(gitDir)) {
        createBare();
      }
      repository =
          new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
      return repository;
    } catch (RepositoryNotFoundException e) {
      throw new SourceUnavailableException(
          gitDir.toString(), "the git cache is not a git repository; delete it to clone again", e);
    } catch (IOException | GitAPIException | RuntimeException e) {
      throw new SourceUnavailableException(
          gitDir.toString(), "cannot open or create the git cache: " + e, e);
    }
  }

  /** Creates the bare repository beside its final place and moves it in, never half-made. */
  private void createBare() throws IOException, GitAPIException {
    Files.createDirectories(gitDir.getParent());
    Path temp = Files.createTempDirectory(gitDir.getParent(), gitDir.getFileName() + ".tmp");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(temp.toFile()).call().close();
    try {
      Files.move(temp, gitDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, gitDir);
    }
  }
}
