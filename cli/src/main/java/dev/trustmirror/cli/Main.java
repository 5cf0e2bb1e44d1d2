package dev.trustmirror.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trust-mirror} command: wiring only, every decision lives in the modules. */
@Command(
    name = "trust-mirror",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Air-gapped Sigstore trust-root mirror and TUF refresher.",
    subcommands = {
      SyncCommand.class,
      StatusCommand.class,
      ServeCommand.class,
      BundleCommand.class,
      TrustRootCommand.class,
      DemoCommand.class,
      TufClientCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:refused by verification or failed check",
      "2:usage error",
      "3:I/O error or source unavailable"
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point of the runnable jar. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
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
