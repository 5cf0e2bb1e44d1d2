package dev.trustmirror.sync.source;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A git repository in root-signing's tuf-on-ci layout, read through a bare clone (JGit) from the
 * tree of one commit: {@link #prepare()} fetches and pins the commit the ref points to, and every
 * {@link #fetch} until the next {@code prepare()} reads that same commit, so the view is consistent
 * even while the remote moves. Published paths are mapped by {@link GitLayout}.
 */
final class GitSource implements RepositorySource {
  private final String sourceUrl;
  private final String ref;
  private final String pathPrefix;
  private final GitMirror mirror;
  private volatile Pinned pinned;

  /** The commit read until the next {@link #prepare()}. */
  private record Pinned(Repository repository, RevCommit commit) {}

  /**
   * @param sourceUrl the URL as the operator wrote it ({@code git+https://...}), for messages
   * @param mirror the bare clone of the remote
   */
  GitSource(String sourceUrl, GitMirror mirror, SourceOptions options) {
    this.sourceUrl = sourceUrl;
    this.ref = options.gitRef();
    this.pathPrefix = options.gitPath().isEmpty() ? "" : options.gitPath() + "/";
    this.mirror = mirror;
  }

  @Override
  public void prepare() throws SourceUnavailableException {
    Repository repository = mirror.fetch();
    ObjectId id = mirror.resolve(ref);
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(id);
      if (TreeWalk.forPath(repository, pathPrefix + "metadata", commit.getTree()) == null) {
        throw new SourceUnavailableException(
            sourceUrl,
            "commit "
                + commit.abbreviate(7).name()
                + " of '"
                + ref
                + "' has no "
                + pathPrefix
                + "metadata directory (see --git-path)");
      }
      pinned = new Pinned(repository, commit);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          sourceUrl, "cannot read commit " + id.name() + ": " + e, e);
    }
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    PublishedPaths.check(path);
    if (pinned == null) {
      prepare();
    }
    Pinned at = pinned;
    GitLayout.Lookup lookup = GitLayout.lookupFor(path);
    if (lookup instanceof GitLayout.Direct direct) {
      return read(at, direct.gitPath(), path, maxLength);
    }
    if (lookup instanceof GitLayout.Root root) {
      Optional<byte[]> history = read(at, root.historyPath(), path, maxLength);
      if (history.isPresent()) {
        return history;
      }
      return read(at, GitLayout.Root.CURRENT, path, maxLength)
          .flatMap(bytes -> GitLayout.ifVersion(bytes, root.version()));
    }
    if (lookup instanceof GitLayout.VersionedRole role) {
      return read(at, role.gitPath(), path, maxLength)
          .flatMap(bytes -> GitLayout.ifVersion(bytes, role.version()));
    }
    if (lookup instanceof GitLayout.HashedTarget target) {
      return read(at, target.gitPath(), path, maxLength)
          .filter(bytes -> GitLayout.hasDigest(bytes, target.hexDigest()));
    }
    return Optional.empty();
  }

  /** {@code git+https://host/repo (ref main, path x) at commit 60cf2ce}. */
  @Override
  public String describe() {
    Pinned at = pinned;
    return sourceUrl
        + " (ref "
        + ref
        + (pathPrefix.isEmpty() ? "" : ", path " + pathPrefix)
        + ") "
        + (at == null ? "not fetched yet" : "at commit " + at.commit().abbreviate(7).name());
  }

  /** The full id of the commit read since the last {@link #prepare()}. */
  Optional<String> commitId() {
    Pinned at = pinned;
    return at == null ? Optional.empty() : Optional.of(at.commit().name());
  }

  @Override
  public void close() {
    mirror.close();
  }

  @Override
  public String toString() {
    return describe();
  }

  private Optional<byte[]> read(Pinned at, String gitPath, String publishedPath, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    String fullPath = pathPrefix + gitPath;
    try (TreeWalk walk = TreeWalk.forPath(at.repository(), fullPath, at.commit().getTree())) {
      if (walk == null) {
        return Optional.empty();
      }
      FileMode mode = walk.getFileMode(0);
      // Symbolic links and submodules are not files of the repository.
      if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
        return Optional.empty();
      }
      ObjectLoader loader = at.repository().open(walk.getObjectId(0), Constants.OBJ_BLOB);
      if (loader.getSize() > maxLength) {
        throw new FileTooLargeException(publishedPath, maxLength);
      }
      return Optional.of(loader.isLarge() ? loader.openStream().readAllBytes() : loader.getBytes());
    } catch (MissingObjectException e) {
      throw new SourceUnavailableException(
          sourceUrl, "the git cache lacks an object of " + fullPath + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          sourceUrl, "cannot read " + fullPath + " at commit " + at.commit().name() + ": " + e, e);
    }
  }
}
