package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trust-mirror serve}: the runnable jar serves a synced repository; bad input exits early.
 */
class ServeCommandIT {
  private static final Pattern SERVING =
      Pattern.compile("^Serving (http://127\\.0\\.0\\.1:\\d+/) \\(generation (\\S+)\\)$");

  @TempDir Path tmp;
  HistoryPoint point;
  Path out;

  @BeforeEach
  void syncHistory08() {
    point = SigstoreTestData.historyPoint(8);
    out = tmp.resolve("out");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            point.directory().toString(),
            "--root",
            point.directory().resolve("1.root.json").toString(),
            "--out",
            out.toString(),
            "--time",
            point.validAt().toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();
  }

  @Test
  void theJarServesTheRepositoryUntilSigterm() throws Exception {
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/trust-mirror.jar");
    assertThat(jar).isRegularFile();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "serve",
                "--repo",
                out.toString(),
                "--port",
                "0",
                "--access-log",
                "json",
                "--time",
                point.validAt().toString())
            .redirectErrorStream(true)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> all = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  all.add(line);
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      Matcher serving = null;
      for (String line; (line = lines.poll(60, TimeUnit.SECONDS)) != null; ) {
        Matcher m = SERVING.matcher(line);
        if (m.matches()) {
          serving = m;
          break;
        }
      }
      assertThat(serving).as("output: %s", all).isNotNull();
      URI url = URI.create(serving.group(1));
      String generation = serving.group(2);
      assertThat(out.resolve("current").toRealPath().getFileName().toString())
          .isEqualTo(generation);

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(url.resolve("readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      HttpResponse<byte[]> ts =
          http.send(
              HttpRequest.newBuilder(url.resolve("timestamp.json")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ts.statusCode()).isEqualTo(200);
      assertThat(ts.body()).isEqualTo(Files.readAllBytes(out.resolve("current/timestamp.json")));

      JsonNode logged = awaitAccessLogLine(lines, "/timestamp.json");
      assertThat(logged.get("status").asInt()).isEqualTo(200);
      assertThat(all)
          .anyMatch(
              l ->
                  l.contains(
                      "cosign initialize --mirror "
                          + url.toString().replaceAll("/$", "")
                          + " --root "));
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
    }
  }

  private static JsonNode awaitAccessLogLine(BlockingQueue<String> lines, String path)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String line; (line = lines.poll(30, TimeUnit.SECONDS)) != null; ) {
      if (line.startsWith("{")) {
        JsonNode n = json.readTree(line);
        if (n.path("path").asText().equals(path)) {
          return n;
        }
      }
    }
    throw new AssertionError("No access log line for " + path);
  }

  @Test
  void badFlagsAreAUsageError() {
    String repo = out.toString();
    for (String[] args :
        new String[][] {
          {"serve"},
          {"serve", "--repo", repo, "--port", "http"},
          {"serve", "--repo", repo, "--port", "70000"},
          {"serve", "--repo", repo, "--access-log", "verbose"},
          {"serve", "--repo", repo, "--ready-grace", "soon"},
          {"serve", "--repo", repo, "--tls-cert", "cert.pem"},
          {"serve", "--repo", repo, "--public-url", "not a url"},
          {"serve", "--repo", repo, "--no-such-flag"}
        }) {
      Cli r = Cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("--help");
    }
  }

  @Test
  void nothingPublishedExitsThree() {
    Cli r = Cli.run("serve", "--repo", tmp.resolve("nothing").toString(), "--port", "0");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).startsWith("UNAVAILABLE: Tried to serve");
  }

  @Test
  void aTakenPortExitsThree() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli r =
          Cli.run(
              "serve", "--repo", out.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    }
  }

  @Test
  void aTamperedRepositoryIsRefusedWithExitOne() throws Exception {
    Path ts = out.resolve("current").toRealPath().resolve("timestamp.json");
    Files.writeString(ts, Files.readString(ts).replace("\"version\": 762", "\"version\": 763"));
    Cli r = Cli.run("serve", "--repo", out.toString(), "--port", "0");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("REFUSED");
  }

  @Test
  void helpListsEveryOption() {
    Cli r = Cli.run("serve", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("--repo", "--host", "--port", "--tls-cert", "--tls-key", "--admin-port")
        .contains("--ready-grace", "--access-log", "--public-url", "--time");
  }
}
