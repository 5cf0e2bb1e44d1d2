package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-mirror sync --interval 1h --metrics-port 0} as a long-running agent: the shaded jar
 * in its own JVM, scraped over HTTP on 127.0.0.1. With one hour between attempts only the first
 * attempt happens during a test, so what is scraped is exactly that attempt's outcome.
 */
class SyncMetricsCommandIT {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Pattern METRICS_AT =
      Pattern.compile("Metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)");

  /** Only so that a broken agent cannot hang the build; not a timing check. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  RepoBuilder repo;
  Path pin;
  Path source;
  Path out;

  @BeforeEach
  void generateRepository() throws IOException {
    repo = RepoBuilder.create(T0);
    pin = tmp.resolve("1.root.json");
    Files.write(pin, repo.metadata(RoleType.ROOT, 1));
    source = tmp.resolve("source");
    repo.writePublished(source);
    out = tmp.resolve("out");
  }

  List<String> syncArgs(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "sync",
                "--source",
                source.toString(),
                "--root",
                pin.toString(),
                "--out",
                out.toString(),
                "--time",
                T0.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void metricsPortWithoutIntervalIsAUsageError() {
    for (List<String> args :
        List.of(syncArgs("--metrics-port", "0"), syncArgs("--once", "--metrics-port", "0"))) {
      Cli c = Cli.run(args.toArray(String[]::new));
      assertThat(c.exitCode()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("--metrics-port needs --interval");
      assertThat(out).as("nothing synced").doesNotExist();
    }
  }

  @Test
  void aPortOutOfRangeIsAUsageError() throws Exception {
    Exited e = runToExit(syncArgs("--interval", "1h", "--metrics-port", "65536"));
    assertThat(e.exitCode()).as(e.output()).isEqualTo(2);
    assertThat(e.output()).contains("--metrics-port must be between 0 and 65535, was 65536");
  }

  @Test
  void aTakenPortIsAnIoErrorBeforeAnySync() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Exited e =
          runToExit(
              syncArgs(
                  "--interval",
                  "1h",
                  "--metrics-host",
                  "127.0.0.1",
                  "--metrics-port",
                  Integer.toString(taken.getLocalPort())));
      assertThat(e.exitCode()).as(e.output()).isEqualTo(3);
      assertThat(e.output())
          .contains("FAILED: Tried to serve metrics on 127.0.0.1:" + taken.getLocalPort());
      assertThat(out.resolve("current")).as("nothing synced").doesNotExist();
    }
  }

  @Test
  void theAgentServesWhatItsFirstSyncVerified() throws Exception {
    try (Agent agent = Agent.start(syncArgs())) {
      Map<String, Double> m = agent.awaitAttempts(1);

      for (RoleType role : RoleType.values()) {
        String label = "{role=\"" + roleName(role) + "\"}";
        assertThat(m.get("trustmirror_role_version" + label))
            .as(label)
            .isEqualTo((double) repo.version(role));
        long expires = expires(repo.metadata(role));
        assertThat(m.get("trustmirror_role_expires_timestamp_seconds" + label))
            .as(label)
            .isEqualTo((double) expires);
        assertThat(m.get("trustmirror_role_expires_in_seconds" + label))
            .as(label)
            .isEqualTo((double) (expires - T0.getEpochSecond()));
      }
      assertThat(m.get("trustmirror_sync_published_total")).isEqualTo(1.0);
      assertThat(m.get("trustmirror_sync_last_success_timestamp_seconds"))
          .isEqualTo((double) T0.getEpochSecond());
      assertThat(m.get("trustmirror_sync_agent_start_timestamp_seconds"))
          .isEqualTo((double) T0.getEpochSecond());
      assertThat(m.keySet()).noneMatch(k -> k.startsWith("trustmirror_sync_failures_total"));

      HttpResponse<String> health = agent.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void aRefusedAttemptIsCountedByReasonWhileTheRolesOfTheTrustStateStay() throws Exception {
    byte[] oldTimestamp = repo.metadata(RoleType.TIMESTAMP);
    repo.bumpTimestamp().writePublished(source);
    Cli first = Cli.run(syncArgs().toArray(String[]::new));
    assertThat(first.exitCode()).as(first.err()).isZero();
    Files.write(source.resolve("timestamp.json"), oldTimestamp); // a rollback

    try (Agent agent = Agent.start(syncArgs())) {
      Map<String, Double> m = agent.awaitAttempts(1);

      assertThat(m.get("trustmirror_sync_failures_total{reason=\"Rollback\"}")).isEqualTo(1.0);
      assertThat(m.get("trustmirror_sync_published_total")).isZero();
      // No success in this process: the alert counts from the agent's start instead.
      assertThat(m).doesNotContainKey("trustmirror_sync_last_success_timestamp_seconds");
      // The roles come from DIR/state: the trusted timestamp is still version 2, not the rollback.
      assertThat(m.get("trustmirror_role_version{role=\"timestamp\"}")).isEqualTo(2.0);
      assertThat(m.get("trustmirror_role_expires_timestamp_seconds{role=\"timestamp\"}"))
          .isEqualTo((double) expires(repo.metadata(RoleType.TIMESTAMP)));
      assertThat(agent.output()).contains("REFUSED (Rollback)");
      assertThat(agent.process.isAlive()).as("a refusal does not stop the agent").isTrue();
    }
  }

  String roleName(RoleType role) {
    return role == RoleType.DELEGATED
        ? repo.options().delegatedRole()
        : role.name().toLowerCase(Locale.ROOT);
  }

  static long expires(byte[] metadata) {
    try {
      return Instant.parse(new ObjectMapper().readTree(metadata).at("/signed/expires").asText())
          .getEpochSecond();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> java(List<String> args) {
    Path jar = ServeProcess.moduleDir().resolve("target/trust-mirror.jar");
    if (!Files.isRegularFile(jar)) {
      fail("Tried to run " + jar + " but it is missing: build it with 'mvn -pl cli package'");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    return command;
  }

  record Exited(int exitCode, String output) {}

  /** Runs the jar to its end (for commands that must exit at once). */
  static Exited runToExit(List<String> args) throws Exception {
    Process p = new ProcessBuilder(java(args)).redirectErrorStream(true).start();
    if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("'%s' did not exit", String.join(" ", args));
    }
    return new Exited(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * A running {@code sync --interval 1h --metrics-port 0}; its output is kept in {@code
   * target/sync-logs/} for diagnosis. {@link #close()} stops it.
   */
  static final class Agent implements AutoCloseable {
    final Process process;
    final Path log;
    final URI metrics;

    private Agent(Process process, Path log, URI metrics) {
      this.process = process;
      this.log = log;
      this.metrics = metrics;
    }

    static Agent start(List<String> syncArgs) throws Exception {
      List<String> args = new ArrayList<>(syncArgs);
      args.addAll(
          List.of("--interval", "1h", "--metrics-host", "127.0.0.1", "--metrics-port", "0"));
      Path logs = Files.createDirectories(ServeProcess.moduleDir().resolve("target/sync-logs"));
      Path log = logs.resolve("sync-" + System.nanoTime() + ".log");
      Process p =
          new ProcessBuilder(java(args))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = METRICS_AT.matcher(Files.readString(log));
        if (m.find()) {
          return new Agent(p, log, URI.create(m.group(1)));
        }
        if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
          fail("the agent exited with %d:%n%s", p.exitValue(), Files.readString(log));
        }
      }
      p.destroyForcibly();
      return fail("the agent printed no 'Metrics at' line:%n%s", Files.readString(log));
    }

    HttpResponse<String> get(String path) throws Exception {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(metrics.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes until {@code trustmirror_sync_attempts_total} reaches {@code n}. */
    Map<String, Double> awaitAttempts(int n) throws Exception {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      Map<String, Double> last = Map.of();
      while (System.nanoTime() < deadline) {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
            .hasValue("text/plain; version=0.0.4; charset=utf-8");
        last = samples(r.body());
        if (last.getOrDefault("trustmirror_sync_attempts_total", 0.0) >= n) {
          assertThat(last.get("trustmirror_sync_attempts_total")).isEqualTo((double) n);
          return last;
        }
        if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
          fail("the agent exited with %d:%n%s", process.exitValue(), output());
        }
      }
      return fail("no %d attempt(s) within %s; last scrape %s%n%s", n, LIMIT, last, output());
    }

    String output() throws IOException {
      return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The samples of a Prometheus text exposition by series as written. */
  static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }
}
