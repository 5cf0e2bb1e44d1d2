package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * tuf-js (npm, pinned in {@code clients/tuf-js/package-lock.json}), a TUF client nobody here wrote,
 * run with the machine's {@code node} through {@code clients/tuf-js/refresh.mjs}. Its packages are
 * installed with {@code npm ci} when {@code node_modules} is missing (test.sh installs them first;
 * the npm registry is the only network this needs).
 *
 * @param metadataDir the client's state: must hold the pinned root as {@code root.json} before the
 *     first refresh; tuf-js keeps what it accepts there
 */
record TufJsClient(Path metadataDir) {
  private static final long PROCESS_LIMIT_SECONDS = 300;

  /**
   * What one run of the client gave.
   *
   * @param exitCode 0 when tuf-js refreshed and downloaded the target
   * @param summary the JSON line refresh.mjs prints on success (versions tuf-js trusts)
   * @param output everything it printed, for messages
   */
  record Run(int exitCode, Optional<JsonNode> summary, String output) {}

  /** A client installation whose trust starts at {@code pinnedRoot}. */
  static TufJsClient pinnedAt(Path pinnedRoot, Path metadataDir) throws IOException {
    Files.createDirectories(metadataDir);
    Files.copy(pinnedRoot, metadataDir.resolve("root.json"));
    return new TufJsClient(metadataDir);
  }

  /**
   * Refreshes against the mirror at {@code base} and downloads {@code target} into {@code out}.
   *
   * @param time the instant the client's clock is pinned at (refresh.mjs replaces {@code Date}), or
   *     empty for the real clock
   */
  Run refresh(URI base, String target, Path out, Optional<Instant> time) throws Exception {
    Path dir = installed();
    List<String> command = new ArrayList<>();
    command.addAll(List.of("node", dir.resolve("refresh.mjs").toString()));
    command.addAll(List.of("--metadata-url", base.toString()));
    command.addAll(List.of("--targets-url", base.resolve("targets/").toString()));
    command.addAll(List.of("--metadata-dir", metadataDir.toString()));
    command.addAll(List.of("--target", target, "--out", out.toString()));
    time.ifPresent(t -> command.addAll(List.of("--time", t.toString())));
    ProcessResult run = runProcess(command, dir);
    Optional<JsonNode> summary = Optional.empty();
    if (run.exitCode() == 0) {
      // The summary is the last JSON line; node may print warnings around it.
      Optional<String> last =
          run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b);
      if (last.isPresent()) {
        summary = Optional.of(new ObjectMapper().readTree(last.get()));
      }
    }
    return new Run(run.exitCode(), summary, String.join(" ", command) + "\n" + run.output());
  }

  /** {@code clients/tuf-js} with its packages installed ({@code npm ci} once when missing). */
  static synchronized Path installed() throws Exception {
    Path dir = clientDir();
    if (!Files.isRegularFile(dir.resolve("node_modules/tuf-js/package.json"))) {
      ProcessResult ci =
          runProcess(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), dir);
      if (ci.exitCode() != 0) {
        fail("Tried to install tuf-js with 'npm ci' in " + dir + " but it failed:\n" + ci.output());
      }
    }
    return dir;
  }

  private static Path clientDir() {
    for (Path d = ServeProcess.moduleDir(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("clients/tuf-js");
      if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
        return candidate;
      }
    }
    return fail("Tried to find clients/tuf-js/package-lock.json above " + ServeProcess.moduleDir());
  }

  private record ProcessResult(int exitCode, String output) {}

  private static ProcessResult runProcess(List<String> command, Path dir) throws Exception {
    Path log = Files.createTempFile("tuf-js", ".log");
    try {
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        return fail(
            "Tried to run '"
                + command.get(0)
                + "' but could not start it: Node.js and npm must be installed (test.sh checks)",
            e);
      }
      if (!process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return fail(
            "'%s' did not finish within %ss:%n%s",
            String.join(" ", command),
            PROCESS_LIMIT_SECONDS,
            Files.readString(log, StandardCharsets.UTF_8));
      }
      return new ProcessResult(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
