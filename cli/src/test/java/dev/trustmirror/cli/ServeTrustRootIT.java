package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.watch.TrustRootWatcher;
import dev.trustmirror.testkit.data.HistoryPoint;
import dev.trustmirror.testkit.data.SigstoreTestData;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "what must be shown" 3: {@code trust-mirror serve --trustroot NAME} (the runnable jar,
 * its own process, reaching the fabric8 mock API server through a kubeconfig file) serves the
 * TrustRoot made of Sigstore's real history point 07, picks up the update to point 08 without a
 * restart on every replica, and sigstore-java's own TUF client refreshes from it both times.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ServeTrustRootIT {
  /** Bounds the waits for a server to start or switch; never a timing assertion. */
  private static final Duration LIMIT = Duration.ofSeconds(90);

  private static final String NAME = "sigstore";
  private static final Pattern SERVING =
      Pattern.compile("^Serving (http://127\\.0\\.0\\.1:\\d+/) \\((.*)\\)$");

  KubernetesClient client;

  @TempDir Path tmp;
  List<Replica> replicas = new ArrayList<>();

  @AfterEach
  void stopReplicas() {
    replicas.forEach(Replica::close);
  }

  private Path kubeconfig() throws IOException {
    Path file = tmp.resolve("kubeconfig");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: mock",
            "  cluster:",
            "    server: " + client.getMasterUrl(),
            "contexts:",
            "- name: mock",
            "  context: {cluster: mock, user: tester}",
            "current-context: mock",
            "users:",
            "- name: tester",
            "  user: {token: not-checked-by-the-mock}",
            ""));
    return file;
  }

  /** Syncs a history point with the CLI and makes the TrustRoot of what it published. */
  private static Published publish(HistoryPoint point, Path out) throws Exception {
    Path root1 = point.directory().resolve("1.root.json");
    PublishedRepository.ofHistory(point, out);
    VerifiedRepository repo = PublishedDirectory.verify(out).repository();
    GenericKubernetesResource resource =
        TrustRootResources.generate(NAME, TrustRootForm.REPOSITORY, repo, Files.readAllBytes(root1))
            .resource();
    return new Published(repo, resource);
  }

  private record Published(VerifiedRepository repo, GenericKubernetesResource resource) {}

  private GenericKubernetesResource apply(GenericKubernetesResource resource) {
    return client
        .genericKubernetesResources(TrustRootWatcher.TRUST_ROOTS)
        .resource(resource)
        .createOr(NonDeletingOperation::update);
  }

  @Test
  void everyReplicaServesTheResourcePicksUpItsUpdateAndSigstoreJavaRefreshesFromIt()
      throws Exception {
    HistoryPoint p07 = SigstoreTestData.historyPoint(7);
    HistoryPoint p08 = SigstoreTestData.historyPoint(8);
    Published first = publish(p07, tmp.resolve("out07"));
    String rv07 = apply(first.resource()).getMetadata().getResourceVersion();
    Path kubeconfig = kubeconfig();
    String now = p08.validAt().toString();

    Replica pinned =
        Replica.start(
            tmp,
            "--trustroot",
            NAME,
            "--kubeconfig",
            kubeconfig.toString(),
            "--root",
            p07.directory().resolve("1.root.json").toString(),
            "--time",
            now);
    replicas.add(pinned);
    Replica unpinned =
        Replica.start(
            tmp, "--trustroot", NAME, "--kubeconfig", kubeconfig.toString(), "--time", now);
    replicas.add(unpinned);

    assertThat(pinned.status()).isEqualTo("TrustRoot sigstore, resourceVersion " + rv07);
    assertThat(unpinned.output())
        .contains("WARNING: no --root: the root inside TrustRoot sigstore");
    for (String path : first.repo().paths()) {
      assertThat(pinned.get(path)).as(path).isEqualTo(first.repo().bytes(path));
    }

    // sigstore-java reads PEM keys only (roots 1-4 carry hex keys), so it starts at 5.
    SigstoreJavaClient sigstoreJava =
        new SigstoreJavaClient(
            pinned.url(), p07.directory().resolve("5.root.json"), tmp.resolve("client"));
    SigstoreJavaClient.Result before = sigstoreJava.update(p07.validAt());
    assertThat(before.timestampVersion()).isEqualTo(p07.versions().timestamp());
    assertThat(before.rootVersion()).isEqualTo(p07.versions().root());
    assertThat(before.trustedRoot())
        .isEqualTo(first.repo().findTarget("trusted_root.json").orElseThrow());

    Published second = publish(p08, tmp.resolve("out08"));
    apply(second.resource());
    byte[] timestamp08 = second.repo().bytes("timestamp.json");
    for (Replica replica : replicas) {
      replica.awaitServed("timestamp.json", timestamp08);
      assertThat(replica.output()).contains("Serving generation trustroot/sigstore@");
    }

    SigstoreJavaClient.Result after = sigstoreJava.update(p08.validAt());
    assertThat(after.timestampVersion()).isEqualTo(p08.versions().timestamp());
    assertThat(after.trustedRoot())
        .isEqualTo(second.repo().findTarget("trusted_root.json").orElseThrow());
  }

  @Test
  void exactlyOneSourceAndItsOwnOptionsOrAUsageError() {
    for (String[] args :
        new String[][] {
          {"serve"},
          {"serve", "--repo", "out", "--trustroot", NAME},
          {"serve", "--trustroot", "Not_A_Resource_Name"},
          {"serve", "--repo", "out", "--root", "1.root.json"},
          {"serve", "--repo", "out", "--kubeconfig", "kubeconfig"},
          {"serve", "--trustroot", NAME, "--kubeconfig"}
        }) {
      Cli r = Cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("--help");
    }
  }

  @Test
  void aKubeconfigThatCannotBeReadExitsThree() {
    Cli r =
        Cli.run(
            "serve",
            "--trustroot",
            NAME,
            "--root",
            SigstoreTestData.historyPoint(8).directory().resolve("1.root.json").toString(),
            "--kubeconfig",
            tmp.resolve("missing-kubeconfig").toString(),
            "--port",
            "0");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err())
        .startsWith("UNAVAILABLE: Tried to serve TrustRoot sigstore")
        .contains("missing-kubeconfig");
  }

  @Test
  void aRootFileThatIsNotATufRootIsRefusedWithExitOne() throws Exception {
    Path notARoot = Files.writeString(tmp.resolve("root.json"), "{\"signed\": {}}");
    Cli r =
        Cli.run(
            "serve",
            "--trustroot",
            NAME,
            "--root",
            notARoot.toString(),
            "--kubeconfig",
            kubeconfig().toString(),
            "--port",
            "0");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("REFUSED (").contains("[TrustRoot sigstore]");
  }

  /**
   * {@code trust-mirror serve ARGS --host 127.0.0.1 --port 0} from the shaded jar in its own JVM;
   * its output is kept in {@code target/serve-logs/}.
   */
  private static final class Replica implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI url;
    private final String status;

    private Replica(Process process, Path log, URI url, String status) {
      this.process = process;
      this.log = log;
      this.url = url;
      this.status = status;
    }

    static Replica start(Path tmp, String... args) throws Exception {
      Path jar = ServeProcess.moduleDir().resolve("target/trust-mirror.jar");
      assertThat(jar).as("the runnable jar (mvn -pl cli package)").isRegularFile();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-jar", jar.toString(), "serve"));
      command.addAll(List.of(args));
      command.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
      Path logs = Files.createDirectories(ServeProcess.moduleDir().resolve("target/serve-logs"));
      Path log = logs.resolve("serve-trustroot-" + System.nanoTime() + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      CompletableFuture<Matcher> serving = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = lines.readLine()) != null; ) {
                    Files.writeString(
                        log,
                        line + "\n",
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                    Matcher m = SERVING.matcher(line);
                    if (m.matches()) {
                      serving.complete(m);
                    }
                  }
                } catch (IOException e) {
                  serving.completeExceptionally(e);
                }
                serving.completeExceptionally(new IOException("the server's output ended"));
              },
              "serve output");
      reader.setDaemon(true);
      reader.start();
      try {
        Matcher m = serving.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        return new Replica(process, log, URI.create(m.group(1)), m.group(2));
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(
            "'" + String.join(" ", command) + "' did not start: " + read(log), e);
      }
    }

    URI url() {
      return url;
    }

    /** What the {@code Serving} line said in parentheses. */
    String status() {
      return status;
    }

    String output() {
      return read(log);
    }

    byte[] get(String path) throws Exception {
      HttpResponse<byte[]> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      return r.body();
    }

    /** Polls until {@code path} is served as {@code expected}; fails after {@link #LIMIT}. */
    void awaitServed(String path, byte[] expected) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request =
          HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30)).build();
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200 && Arrays.equals(r.body(), expected)) {
          return;
        }
        if (process.onExit().completeOnTimeout(null, 50, TimeUnit.MILLISECONDS).get() != null) {
          fail("%s exited: %s", url, output());
        }
      }
      fail("%s did not serve the expected %s within %s: %s", url, path, LIMIT, output());
    }

    private static String read(Path log) {
      try {
        return Files.exists(log) ? Files.readString(log) : "";
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
