package dev.trustmirror.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the git CLI, isolated from the user's and the system's git configuration so that tests
 * behave the same on every machine.
 */
final class GitCli {
  static final String GIT = "git";

  private GitCli() {}

  /** {@code git args}. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(GIT);
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Environment that keeps git away from ~/.gitconfig and /etc/gitconfig and sets the options the
   * tests need; child processes (git daemon's upload-pack) inherit it.
   */
  static void isolate(Map<String, String> env) {
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_COUNT", "2");
    // Repositories in tests may belong to another user than the one running the tests.
    env.put("GIT_CONFIG_KEY_0", "safe.directory");
    env.put("GIT_CONFIG_VALUE_0", "*");
    env.put("GIT_CONFIG_KEY_1", "core.autocrlf");
    env.put("GIT_CONFIG_VALUE_1", "false");
  }

  /**
   * The program that implements {@code git <name>} ({@code /usr/lib/git-core/git-daemon}), so that
   * stopping the process stops the program itself and not only the {@code git} wrapper that would
   * have forked it.
   */
  static Path program(String name) throws IOException {
    Path execPath = Path.of(run(Path.of("."), Map.of(), "--exec-path").strip());
    Path program = execPath.resolve("git-" + name);
    if (!Files.isExecutable(program)) {
      throw new IOException(
          "Tried to find git-"
              + name
              + " in "
              + execPath
              + " but it is not there: install the"
              + " Debian package git (apt-get install -y git)");
    }
    return program;
  }

  /**
   * Runs {@code git args} in {@code dir} and returns its standard output.
   *
   * @throws IOException when git cannot be started or exits with a non-zero status
   */
  static String run(Path dir, Map<String, String> extraEnv, String... args) throws IOException {
    Path stderr = Files.createTempFile("trust-mirror-git", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command(args)).directory(dir.toFile()).redirectError(stderr.toFile());
      isolate(builder.environment());
      builder.environment().putAll(extraEnv);
      Process process = startGit(builder);
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = waitFor(process);
      if (status != 0) {
        throw new IOException(
            "Tried to run 'git "
                + String.join(" ", args)
                + "' in "
                + dir
                + " but it exited with status "
                + status
                + ": "
                + Files.readString(stderr, StandardCharsets.UTF_8).strip());
      }
      return out;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  static Process startGit(ProcessBuilder builder) throws IOException {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IOException(
          "Tried to run git but could not start it: install the Debian package git"
              + " (apt-get install -y git)",
          e);
    }
  }

  private static int waitFor(Process process) throws IOException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for git", e);
    }
  }
}
