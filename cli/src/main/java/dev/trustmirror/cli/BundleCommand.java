package dev.trustmirror.cli;

import dev.trustmirror.bundles.PemKeys;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trust-mirror bundle}: offline bundles that carry a verified repository across an air gap.
 * Also holds what its subcommands share: key options, the "valid for" wording, TTY progress.
 */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Offline bundles: export a verified repository on the connected side, carry the file across",
      "the air gap, import it on the disconnected side (weekly: the timestamp lasts 7 days)."
    },
    subcommands = {
      BundleExportCommand.class,
      BundleImportCommand.class,
      BundleInspectCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:refused: the bundle or the repository failed a check",
      "2:usage error",
      "3:I/O error or source unavailable"
    })
final class BundleCommand implements Runnable {
  static final Duration WARN = Duration.ofHours(72);
  static final Duration CRITICAL = Duration.ofHours(24);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The P-256 private key of {@code --sign-key}; a bad key is a usage error. */
  static Optional<PrivateKey> signKey(Path pem, CommandLine cl) throws IOException {
    if (pem == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PemKeys.privateKey(Files.readAllBytes(pem), pem.toString()));
    } catch (InvalidKeyException e) {
      throw new CommandLine.ParameterException(cl, "--sign-key: " + e.getMessage(), e);
    }
  }

  /** The P-256 public key of {@code --verify-key}; a bad key is a usage error. */
  static Optional<PublicKey> verifyKey(Path pem, CommandLine cl) throws IOException {
    if (pem == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PemKeys.publicKey(Files.readAllBytes(pem), pem.toString()));
    } catch (InvalidKeyException e) {
      throw new CommandLine.ParameterException(cl, "--verify-key: " + e.getMessage(), e);
    }
  }

  /** {@code timestamp valid for 6 days 4 hours (until 2026-08-28T19:25:56Z)}. */
  static String validity(List<RoleInfo> roles, Instant now) {
    return roles.stream()
        .filter(r -> r.role().equals("timestamp"))
        .findFirst()
        .map(
            r -> {
              long left = Duration.between(now, r.expires()).getSeconds();
              return left > 0
                  ? "timestamp valid for " + spelledOut(left) + " (until " + r.expires() + ")"
                  : "timestamp EXPIRED " + spelledOut(-left) + " ago (at " + r.expires() + ")";
            })
        .orElse("no timestamp role");
  }

  /**
   * {@code 6 days 4 hours}, {@code 1 day 1 hour}, {@code 3 hours 12 minutes}, {@code 45 seconds}.
   */
  static String spelledOut(long seconds) {
    long d = seconds / 86400;
    long h = (seconds % 86400) / 3600;
    long m = (seconds % 3600) / 60;
    if (d > 0) {
      return unit(d, "day") + " " + unit(h, "hour");
    }
    if (h > 0) {
      return unit(h, "hour") + " " + unit(m, "minute");
    }
    if (m > 0) {
      return unit(m, "minute");
    }
    return unit(seconds, "second");
  }

  private static String unit(long n, String name) {
    return n + " " + name + (n == 1 ? "" : "s");
  }

  /** The roles as an aligned table: role, version, expiry, time left, level. */
  static void printRoles(PrintWriter out, List<RoleInfo> roles, Instant now) {
    Table table = new Table("  ROLE", "VERSION", "EXPIRES", "LEFT", "LEVEL");
    for (ExpiryReport.RoleExpiry r : ExpiryReport.evaluate(roles, now, WARN, CRITICAL).roles()) {
      table.row(
          "  " + r.role(),
          String.valueOf(r.version()),
          r.expires().toString(),
          HumanDuration.format(r.secondsLeft()),
          r.level().label().toUpperCase(Locale.ROOT));
    }
    table.print(out);
  }

  /**
   * Phase messages on a terminal ({@code System.console() != null}), nothing in a pipe or a test:
   * scripts read stdout, and a human watching a long import sees it move.
   */
  static final class Progress {
    private final PrintWriter err;

    private Progress(PrintWriter err) {
      this.err = err;
    }

    static Progress on(CommandLine cl) {
      return new Progress(System.console() != null ? cl.getErr() : null);
    }

    void step(String what) {
      if (err != null) {
        err.println("… " + what);
        err.flush();
      }
    }
  }
}
