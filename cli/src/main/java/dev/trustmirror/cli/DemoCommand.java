package dev.trustmirror.cli;

import dev.trustmirror.mirror.MirrorServerOptions;
import dev.trustmirror.mirror.StandaloneMirrorServer;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RepoOptions;
import dev.trustmirror.testkit.tuf.RoleType;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trust-mirror demo}: the quickstart's embedded default. Without network, it generates a
 * Sigstore-like upstream repository with its own keys (a {@code trusted_root.json} target, a root
 * rotation, a delegated role), commits it to a local git repository in tuf-on-ci's layout, syncs it
 * through the git source, publishes it, prints its status, and serves it with the mirror server on
 * a free port of 127.0.0.1 (stopped at the end unless {@code --serve}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs the whole pipeline on a generated repository, offline.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Working directory (default: a new temporary directory).")
  Path dir;

  @Option(
      names = "--serve",
      description = "Keep the mirror server running after the demo, until Ctrl-C.")
  boolean serve;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work =
        dir != null
            ? Files.createDirectories(dir)
            : Files.createTempDirectory("trust-mirror-demo-");
    Path upstream = work.resolve("upstream.git-worktree");
    Path mirror = work.resolve("mirror");
    Path pin = work.resolve("1.root.json");
    Clock clock = Clock.systemUTC();

    out.println("1. Generating a Sigstore-like TUF repository with its own keys in " + upstream);
    RepoBuilder repo =
        RepoBuilder.create(
            RepoOptions.defaults().withDelegatedRole("registry.npmjs.org"), clock.instant());
    Files.write(pin, repo.metadata(RoleType.ROOT, 1));
    commit(repo, upstream, "Initial signing ceremony: root v1");
    repo.rotateRoot()
        .addOrChangeTarget("trusted_root.json", trustedRoot())
        .bumpTargets()
        .bumpSnapshot()
        .bumpTimestamp();
    commit(repo, upstream, "Root rotation to v2 and a new trusted_root.json");
    out.println("   committed 2 points of history (root v1, then a rotation to v2)");

    String source = "git+" + upstream.toUri();
    out.println("2. Syncing through the git source " + source);
    out.println("   pinned initial root: " + pin);
    int rc =
        spec.root()
            .commandLine()
            .execute(
                "sync", "--source", source, "--root", pin.toString(), "--out", mirror.toString());
    if (rc != 0) {
      out.println("Demo failed: sync exited " + rc);
      return rc;
    }
    out.println("3. Status of the published repository");
    int status = spec.root().commandLine().execute("status", "--repo", mirror.toString());
    rc = airGap(out, work, mirror, pin);
    if (rc != 0) {
      return rc;
    }
    serveMirror(out, mirror, clock);
    out.println();
    out.println("Next:");
    out.println(
        "  ls -l " + mirror + "            # generations/, current -> generations/..., state/");
    out.println("  ./trust-mirror status --repo " + mirror + " -o json");
    out.println(
        "  ./trust-mirror serve --repo "
            + mirror
            + " --port 8080   # then open http://127.0.0.1:8080/");
    out.println(
        "  ./trust-mirror sync --source "
            + source
            + " --out "
            + mirror
            + "   # no change: nothing new is published");
    out.println(
        "  ./trust-mirror sync --source https://tuf-repo-cdn.sigstore.dev --root <pinned root> --out DIR   # the real thing, through your bastion with --proxy");
    return status <= 1 ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  /**
   * The weekly air-gap routine in miniature: an offline bundle exported from the mirror and
   * imported into a second directory (the disconnected side), then the TrustRoot resource made from
   * it.
   */
  private int airGap(PrintWriter out, Path work, Path mirror, Path pin) {
    Path bundle = work.resolve("sigstore-tuf-bundle.tar.gz");
    Path airGapped = work.resolve("air-gapped");
    Path trustRoot = work.resolve("trustroot.yaml");
    out.println("4. Carrying it across the air gap: bundle export, then import on the other side");
    int rc =
        spec.root()
            .commandLine()
            .execute(
                "bundle",
                "export",
                "--source",
                mirror.toString(),
                "--root",
                pin.toString(),
                "--out",
                bundle.toString());
    if (rc == 0) {
      rc =
          spec.root()
              .commandLine()
              .execute(
                  "bundle",
                  "import",
                  bundle.toString(),
                  "--out",
                  airGapped.toString(),
                  "--root",
                  pin.toString());
    }
    if (rc != 0) {
      out.println("Demo failed: the bundle round trip exited " + rc);
      return rc;
    }
    out.println("5. The TrustRoot resource for policy-controller and 'serve --trustroot'");
    rc =
        spec.root()
            .commandLine()
            .execute(
                "trustroot",
                "--repo",
                airGapped.toString(),
                "--name",
                "sigstore-mirror",
                "--out",
                trustRoot.toString());
    if (rc != 0) {
      out.println("Demo failed: trustroot exited " + rc);
      return rc;
    }
    out.println("   written to " + trustRoot + " (kubectl apply -f it)");
    return 0;
  }

  /**
   * Starts the mirror server on a free port of 127.0.0.1, shows that it answers, and stops it
   * unless {@code --serve} asks to keep it running.
   */
  private void serveMirror(PrintWriter out, Path mirror, Clock clock) throws Exception {
    out.println("6. Serving the mirror on 127.0.0.1");
    MirrorServerOptions options =
        MirrorServerOptions.builder(mirror)
            .port(0)
            .clock(clock)
            .eventLog(spec.commandLine().getErr()::println)
            .build();
    try (StandaloneMirrorServer server = StandaloneMirrorServer.start(options)) {
      URI url = server.url();
      out.println("   Serving " + url + " (generation " + server.generation() + ")");
      out.println("   Status page: " + url + "   Metrics: " + url.resolve("metrics"));
      out.println("   Client settings:");
      for (String line : server.clientSettings(url)) {
        out.println("     " + line);
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      for (String path : new String[] {"readyz", "timestamp.json"}) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        out.println(
            "   GET /"
                + path
                + " -> "
                + r.statusCode()
                + (path.equals("readyz")
                    ? " " + r.body().strip()
                    : " ("
                        + r.body().length()
                        + " bytes, ETag "
                        + r.headers().firstValue("ETag").orElse("none")
                        + ")"));
      }
      if (serve) {
        out.println("   Serving until Ctrl-C.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      server.close();
                      stopped.countDown();
                    },
                    "trust-mirror demo shutdown"));
        stopped.await();
      } else {
        out.println("   Stopped (run 'demo --serve' to keep it running).");
      }
    }
  }

  private static byte[] trustedRoot() {
    return ("{\"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
            + " \"tlogs\": [], \"certificateAuthorities\": [], \"ctlogs\": [],"
            + " \"timestampAuthorities\": [], \"x-demo\": \"rotated\"}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces the work tree with the repository's git layout and commits it. */
  private static void commit(RepoBuilder repo, Path worktree, String message)
      throws IOException, GitAPIException {
    Files.createDirectories(worktree);
    try (Git git =
        Files.isDirectory(worktree.resolve(".git"))
            ? Git.open(worktree.toFile())
            : Git.init().setDirectory(worktree.toFile()).setInitialBranch("main").call()) {
      for (String top : new String[] {"metadata", "targets"}) {
        deleteTree(worktree.resolve(top));
      }
      repo.writeGitLayout(worktree);
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      PersonIdent who = new PersonIdent("trust-mirror demo", "demo@trust-mirror.invalid");
      git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
