package dev.trustmirror.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trust-mirror} command: wiring only, every decision lives in the modules. */
@Command(
    name = "trust-mirror",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Air-gapped Sigstore trust-root mirror and TUF refresher.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:refused by verification or failed check",
      "2:usage error",
      "3:I/O error or source unavailable"
    })
public final class Main implements Runnable {
  /**
   * The commands, by name, in the order of the help. Registered lazily: a run of one command (say
   * {@code serve}, whose start-up time is measured) builds the picocli model of that command only,
   * not of all of them (about 0.1 s of a cold start). {@code demo}, which runs other commands, and
   * everything else (help, version, an unknown name) get them all.
   */
  private static final Map<String, Class<?>> COMMANDS = commands();

  /** Commands that never run another command and so can be registered alone. */
  private static final Set<String> STANDALONE =
      Set.of(
          "sync",
          "status",
          "serve",
          "bundle",
          "trustroot",
          "tuf-client",
          "verify",
          "verify-bundle",
          "webhook");

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("sync", SyncCommand.class);
    m.put("status", StatusCommand.class);
    m.put("serve", ServeCommand.class);
    m.put("bundle", BundleCommand.class);
    m.put("trustroot", TrustRootCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("tuf-client", TufClientCommand.class);
    m.put("verify", VerifyCommand.class);
    m.put("verify-bundle", VerifyBundleCommand.class);
    m.put("webhook", WebhookCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point of the runnable jar. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
      if (!STANDALONE.contains(first) || c.getKey().equals(first)) {
        cl.addSubcommand(c.getKey(), c.getValue());
      }
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(
        (ex, line, parseResult) -> {
          line.getErr().println("trust-mirror: " + ex);
          return ExitCodes.IO;
        });
    return cl.execute(args);
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println("trust-mirror: " + ex.getMessage());
    cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
    return ExitCodes.USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"trust-mirror " + (v == null ? "dev" : v)};
    }
  }
}
