package dev.trustmirror.cli;

import dev.trustmirror.mirror.AccessLogFormat;
import dev.trustmirror.mirror.MirrorServerOptions;
import dev.trustmirror.mirror.StandaloneMirrorServer;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trust-mirror serve}: serve the published repository to Sigstore clients. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the current generation of DIR (the --out of 'sync') over HTTP/1.1 and HTTP/2, byte"
          + " for byte, and switches to each new generation the sync publishes.",
      "Also serves /healthz, /readyz, /metrics (Prometheus) and a status page at /.",
      "Runs until SIGTERM or Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "1:the published repository does not verify",
      "2:usage error",
      "3:nothing published in DIR, unreadable, or the port is taken"
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--repo",
      required = true,
      paramLabel = "DIR",
      description = "Output directory of 'sync'.")
  Path repo;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Certificate chain for HTTPS (with --tls-key); reloaded when it changes.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key for HTTPS.")
  Path tlsKey;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      description =
          "Serve /healthz, /readyz and /metrics on this port only (default: the main port).")
  Integer adminPort;

  @Option(
      names = "--ready-grace",
      defaultValue = "0s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Turn /readyz unready this long before the first role (timestamp) expires"
              + " (default: ${DEFAULT-VALUE}: at expiry).")
  Duration readyGrace;

  @Option(
      names = "--access-log",
      defaultValue = "off",
      paramLabel = "FORMAT",
      description = "off (default), text or json: one line per request on standard output.")
  AccessLogFormat accessLog;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "The URL clients use, shown on the status page (default: from the request).")
  URI publicUrl;

  @Option(
      names = "--warn",
      paramLabel = "DURATION",
      defaultValue = "72h",
      converter = DurationConverter.class,
      description = "Status page amber within this of expiry (default: ${DEFAULT-VALUE}).")
  Duration warn;

  @Option(
      names = "--critical",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "Status page red within this of expiry (default: ${DEFAULT-VALUE}).")
  Duration critical;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MirrorServerOptions options = options(out, err);
    StandaloneMirrorServer server;
    try {
      server = StandaloneMirrorServer.start(options);
    } catch (TufRefusalException e) {
      err.println(
          "REFUSED (" + e.reason() + "): " + e.getMessage() + " [repository: " + repo + "]");
      err.println("Nothing is served: run 'trust-mirror status --repo " + repo + "' for details.");
      return ExitCodes.REFUSED;
    } catch (IOException e) {
      err.println("UNAVAILABLE: Tried to serve " + repo + " but failed: " + e.getMessage());
      return ExitCodes.IO;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "trust-mirror serve shutdown"));
    out.println("Serving " + server.url() + " (generation " + server.generation() + ")");
    server.adminUrl().ifPresent(u -> out.println("Operations endpoints at " + u));
    URI clientUrl = publicUrl != null ? publicUrl : server.url();
    for (String line : server.clientSettings(clientUrl)) {
      out.println("  " + line);
    }
    stopped.await();
    return ExitCodes.OK;
  }

  private MirrorServerOptions options(PrintWriter out, PrintWriter err) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    try {
      MirrorServerOptions.Builder b =
          MirrorServerOptions.builder(repo)
              .host(host)
              .port(port)
              .readyGrace(readyGrace)
              .expiryThresholds(warn, critical)
              .accessLog(accessLog, out::println)
              .eventLog(err::println)
              .clock(time.clock());
      if (tlsCert != null) {
        b.tls(tlsCert, tlsKey);
      }
      if (adminPort != null) {
        b.adminPort(adminPort);
      }
      if (publicUrl != null) {
        if (publicUrl.getScheme() == null || publicUrl.getHost() == null) {
          throw new IllegalArgumentException("--public-url must be an absolute http(s) URL");
        }
        b.publicUrl(publicUrl);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
