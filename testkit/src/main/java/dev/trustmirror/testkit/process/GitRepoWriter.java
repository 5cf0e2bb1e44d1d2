package dev.trustmirror.testkit.process;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a non-bare git repository (branch {@code main}) through the git CLI: each {@link
 * #commitTree} replaces the whole worktree with a directory and commits it. Author and committer
 * are fixed, and commit dates are fixed too (by default one minute apart from {@link
 * #FIRST_COMMIT_DATE}), so the same content gives the same commit ids on every run.
 */
public final class GitRepoWriter {
  /** The date of the first commit unless a date is given. */
  public static final Instant FIRST_COMMIT_DATE = Instant.parse("2026-01-01T00:00:00Z");

  private static final String AUTHOR_NAME = "trust-mirror testkit";
  private static final String AUTHOR_EMAIL = "testkit@trust-mirror.invalid";

  private final Path directory;
  private int commits;

  private GitRepoWriter(Path directory) {
    this.directory = directory;
  }

  /** Creates the directory if needed and runs {@code git init -b main} in it. */
  public static GitRepoWriter init(Path directory) throws IOException {
    Files.createDirectories(directory);
    GitCli.run(directory, Map.of(), "init", "-q", "-b", "main");
    return new GitRepoWriter(directory);
  }

  /** The worktree (its {@code .git} holds the repository). */
  public Path directory() {
    return directory;
  }

  /**
   * Replaces the worktree (everything but {@code .git}) with a copy of {@code content}, commits
   * everything with the next fixed date, and returns the full commit id.
   */
  public String commitTree(Path content, String message) throws IOException {
    return commitTree(content, message, FIRST_COMMIT_DATE.plus(Duration.ofMinutes(commits)));
  }

  /** Like {@link #commitTree(Path, String)} with an explicit author and commit date. */
  public String commitTree(Path content, String message, Instant date) throws IOException {
    if (!Files.isDirectory(content)) {
      throw new IOException("Tried to commit " + content + " but it is not a directory");
    }
    clearWorktree();
    copyTree(content, directory);
    GitCli.run(directory, Map.of(), "add", "-A", ".");
    String gitDate = date.getEpochSecond() + " +0000";
    GitCli.run(
        directory,
        Map.of(
            "GIT_AUTHOR_NAME", AUTHOR_NAME,
            "GIT_AUTHOR_EMAIL", AUTHOR_EMAIL,
            "GIT_AUTHOR_DATE", gitDate,
            "GIT_COMMITTER_NAME", AUTHOR_NAME,
            "GIT_COMMITTER_EMAIL", AUTHOR_EMAIL,
            "GIT_COMMITTER_DATE", gitDate),
        "commit",
        "-q",
        "--allow-empty",
        "--no-gpg-sign",
        "-m",
        message);
    commits++;
    return head();
  }

  /** The full id of the commit at {@code HEAD}. */
  public String head() throws IOException {
    return GitCli.run(directory, Map.of(), "rev-parse", "HEAD").strip();
  }

  /** Creates (or moves) a tag at {@code HEAD}. */
  public void tag(String name) throws IOException {
    GitCli.run(directory, Map.of(), "tag", "-f", name);
  }

  private void clearWorktree() throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(".git")) {
          LocalProcess.deleteTree(entry);
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.REPLACE_EXISTING);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
