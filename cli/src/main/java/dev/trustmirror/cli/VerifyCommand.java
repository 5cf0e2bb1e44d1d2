package dev.trustmirror.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code trust-mirror verify}: offline image-signature verification against the mirrored trust
 * root. Its one subcommand today is {@code image} ({@link VerifyImageCommand}).
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies image signatures offline: cosign signatures (tag sha256-<hex>.sig)",
      "and Sigstore bundles attached as OCI referrers, read from the image's",
      "registry, checked against a policy (keys and/or a keyless identity) and a",
      "Sigstore trusted root."
    },
    subcommands = {VerifyImageCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:refused (every reason is printed), or refused by the registry",
      "2:usage error",
      "3:the registry cannot be reached, or a file cannot be read"
    })
final class VerifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
