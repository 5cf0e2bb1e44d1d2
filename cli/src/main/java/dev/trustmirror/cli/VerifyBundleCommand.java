package dev.trustmirror.cli;

import dev.trustmirror.verifier.registry.Digest;
import dev.trustmirror.verifier.registry.InvalidDigestException;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.Verdict;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import dev.trustmirror.verifier.trust.TrustedRootLoader;
import dev.trustmirror.verifier.trust.TrustedRootRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trust-mirror verify-bundle}: verifies a Sigstore bundle (v0.1 to v0.3) for a file or a
 * {@code sha256:<hex>} digest, with the argument syntax of the sigstore-conformance client
 * protocol.
 */
@Command(
    name = "verify-bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a Sigstore bundle (v0.1-v0.3) for FILE_OR_DIGEST, a file or",
      "sha256:<hex>, offline: keyless (--certificate-identity and",
      "--certificate-oidc-issuer, both exact) or with --key. Arguments as in the",
      "sigstore-conformance client protocol. Offline there is no built-in trusted",
      "root: --trusted-root is required."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:refused (every reason is printed)",
      "2:usage error",
      "3:a file cannot be read"
    })
final class VerifyBundleCommand implements Callable<Integer> {
  /** Largest bundle or artifact read into memory. */
  private static final int MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

  private static final int MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

  @Option(
      names = "--bundle",
      paramLabel = "FILE",
      required = true,
      description = "The Sigstore bundle (JSON).")
  Path bundle;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Authority authority;

  /** Keyless identity or key. */
  static final class Authority {
    @ArgGroup(exclusive = false)
    Keyless keyless;

    @Option(names = "--key", paramLabel = "PEM", description = "The signer's public key (PEM).")
    Path key;
  }

  /** Both {@code --certificate-identity} and {@code --certificate-oidc-issuer}. */
  static final class Keyless {
    @Option(
        names = "--certificate-identity",
        paramLabel = "S",
        required = true,
        description = "The certificate's subject (email or URI), exactly.")
    String identity;

    @Option(
        names = "--certificate-oidc-issuer",
        paramLabel = "S",
        required = true,
        description = "The OIDC issuer in the certificate, exactly.")
    String issuer;
  }

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "The Sigstore trusted_root.json to verify against (required: offline).")
  Path trustedRoot;

  @Option(
      names = "-o",
      paramLabel = "FORMAT",
      description = "Output format: text (default) or json (the verdict).")
  VerifyOutput.Format output = VerifyOutput.Format.text;

  @Mixin TimeOption time;

  @Parameters(
      index = "0",
      paramLabel = "FILE_OR_DIGEST",
      description = "The signed artifact: a file, or its digest sha256:<hex>.")
  String artifact;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (trustedRoot == null) {
      throw new CommandLine.ParameterException(
          cl,
          "verify-bundle works offline and has no built-in trust root: give --trusted-root FILE");
    }
    Optional<Digest> digest = Optional.empty();
    if (artifact.startsWith("sha256:")) {
      try {
        digest = Optional.of(Digest.parse(artifact));
      } catch (InvalidDigestException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
    }
    Clock clock = time.clock();
    SignatureVerifier verifier;
    byte[] bundleBytes;
    try {
      TrustedRoot root = TrustedRootLoader.fromFile(trustedRoot);
      verifier = SignatureVerifier.create(policy(root, cl), clock);
      bundleBytes = read(bundle, MAX_BUNDLE_BYTES, cl);
    } catch (TrustedRootRefusedException e) {
      cl.getErr().println("REFUSED: " + e.getMessage());
      return ExitCodes.REFUSED;
    } catch (IOException e) {
      cl.getErr().println("FAILED: " + e.getMessage());
      return ExitCodes.IO;
    }
    Verdict verdict;
    if (digest.isPresent()) {
      verdict = verifier.verifyBundles(digest.get(), List.of(bundleBytes));
    } else {
      try {
        verdict =
            verifier.verifyArtifact(read(Path.of(artifact), MAX_ARTIFACT_BYTES, cl), bundleBytes);
      } catch (IOException e) {
        cl.getErr().println("FAILED: " + e.getMessage());
        return ExitCodes.IO;
      }
    }
    return VerifyOutput.bundle(artifact, verdict, verifier, output, cl.getOut());
  }

  private VerificationPolicy policy(TrustedRoot root, CommandLine cl) throws IOException {
    if (authority.key != null) {
      List<VerificationKey> keys = VerifyKeys.read(List.of(authority.key), cl);
      return VerificationPolicy.keys(keys, false, root);
    }
    return VerificationPolicy.keyless(
        List.of(
            new KeylessIdentity(
                IdentityMatcher.exact(authority.keyless.issuer),
                IdentityMatcher.exact(authority.keyless.identity))),
        false,
        root);
  }

  private static byte[] read(Path file, int max, CommandLine cl) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(max + 1);
    } catch (IOException e) {
      throw VerifyKeys.unreadable(file, e);
    }
    if (bytes.length > max) {
      throw new CommandLine.ParameterException(
          cl, file + " is larger than the " + max + " bytes verify-bundle reads");
    }
    return bytes;
  }
}
