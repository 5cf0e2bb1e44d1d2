package dev.trustmirror.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runnable jar of this build ({@code trust-mirror.jar} beside {@code test-classes}, in
 * {@code project.build.directory}: it follows {@code -Dtm.build.dir}) in its own JVM, as a user
 * would, and captures its exit code and output.
 *
 * @param exitCode the process's exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record VerifyJar(int exitCode, String out, String err) {
  private static final long TIMEOUT_SECONDS = 180;

  /** The jar: {@code <project.build.directory>/trust-mirror.jar}. */
  static Path jar() {
    try {
      Path classes =
          Path.of(VerifyJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = classes.getParent().resolve("trust-mirror.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: the verify ITs run the packaged jar (mvn verify packages it)");
      }
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code java -jar trust-mirror.jar args...} and waits for it. */
  static VerifyJar run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("verify-out", ".txt");
      Path err = Files.createTempFile("verify-err", ".txt");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "trust-mirror "
                  + String.join(" ", args)
                  + " did not exit within "
                  + TIMEOUT_SECONDS
                  + " s");
        }
        return new VerifyJar(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
