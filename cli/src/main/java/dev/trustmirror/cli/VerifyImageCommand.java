package dev.trustmirror.cli;

import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.image.ImageVerification;
import dev.trustmirror.verifier.image.ImageVerifier;
import dev.trustmirror.verifier.registry.ImageReference;
import dev.trustmirror.verifier.registry.InvalidReferenceException;
import dev.trustmirror.verifier.registry.RegistryClient;
import dev.trustmirror.verifier.sigstore.IdentityMatcher;
import dev.trustmirror.verifier.sigstore.InvalidPolicyException;
import dev.trustmirror.verifier.sigstore.KeylessIdentity;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.VerificationKey;
import dev.trustmirror.verifier.sigstore.VerificationPolicy;
import dev.trustmirror.verifier.trust.TrustedRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
 * {@code trust-mirror verify image REF}: is this image, at the digest REF resolves to, signed the
 * way the policy demands, according to the trusted root? Wiring only: the work is {@link
 * ImageVerifier}'s.
 */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = {
      "Resolves REF to its digest (for a multi-arch image, the index digest, as",
      "cosign does), reads its cosign signatures (tag sha256-<hex>.sig) and Sigstore",
      "bundles (OCI referrers) from the registry, and verifies them offline against",
      "the policy and the trusted root: verified when any signature is accepted by",
      "any --key or by the keyless identity. The registry is the only network peer."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:refused: no signature satisfies the policy (every reason is printed); or refused by the"
          + " registry (credentials, image not found, content not matching its digest, untrusted"
          + " TLS certificate); or the trusted root does not verify",
      "2:usage error",
      "3:the registry cannot be reached (connection, timeout, HTTP 5xx), or a file cannot be read"
    })
final class VerifyImageCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "REF", description = "Image reference (tag or digest).")
  String reference;

  @Option(
      names = "--key",
      paramLabel = "PEM",
      description =
          "A trusted public key (PEM: ECDSA P-256/P-384/P-521, RSA, Ed25519); repeat to rotate:"
              + " any listed key may verify.")
  List<Path> keys = new ArrayList<>();

  @ArgGroup(exclusive = true)
  Subject subject;

  /** {@code --certificate-identity} or {@code --certificate-identity-regexp}. */
  static final class Subject {
    @Option(
        names = "--certificate-identity",
        paramLabel = "S",
        description = "Keyless: the certificate's subject (email or URI), exactly.")
    String exact;

    @Option(
        names = "--certificate-identity-regexp",
        paramLabel = "R",
        description = "Keyless: a regular expression the whole subject must match.")
    String regexp;
  }

  @ArgGroup(exclusive = true)
  Issuer issuer;

  /** {@code --certificate-oidc-issuer} or {@code --certificate-oidc-issuer-regexp}. */
  static final class Issuer {
    @Option(
        names = "--certificate-oidc-issuer",
        paramLabel = "S",
        description = "Keyless: the OIDC issuer in the certificate, exactly.")
    String exact;

    @Option(
        names = "--certificate-oidc-issuer-regexp",
        paramLabel = "R",
        description = "Keyless: a regular expression the whole OIDC issuer must match.")
    String regexp;
  }

  @Option(
      names = "--ignore-tlog",
      description =
          "Do not require a transparency-log entry. The signing time then comes from an RFC 3161"
              + " timestamp, or else a keyless certificate must be valid now (cosign's semantics).")
  boolean ignoreTlog;

  @ArgGroup(exclusive = true, multiplicity = "1")
  VerifyTrustedRoot trustedRoot;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "With --trustroot: the cluster's kubeconfig (default: in-cluster or ~/.kube).")
  Path kubeconfig;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "With --trustroot: verify the resource from this pinned root (N.root.json) instead of"
              + " its own spec.repository.root.")
  Path root;

  @Mixin RegistryAccess registryAccess;

  @Option(
      names = "-o",
      paramLabel = "FORMAT",
      description = "Output format: text (default) or json (the verdict).")
  VerifyOutput.Format output = VerifyOutput.Format.text;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    if (trustedRoot.trustRoot == null && (kubeconfig != null || root != null)) {
      throw new CommandLine.ParameterException(cl, "--kubeconfig and --root are for --trustroot");
    }
    ImageReference image;
    try {
      image = ImageReference.parse(reference);
    } catch (InvalidReferenceException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    Clock clock = time.clock();
    List<VerificationKey> trustedKeys;
    List<KeylessIdentity> identities = identities(cl);
    RegistryClient registry;
    try {
      trustedKeys = VerifyKeys.read(keys, cl);
      requireAuthority(trustedKeys, identities, cl);
      registry = RegistryClient.create(registryAccess.options(cl));
    } catch (IOException e) {
      err.println("FAILED: " + e.getMessage());
      return ExitCodes.IO;
    }
    TrustedRoot root;
    try {
      root =
          trustedRoot.load(Optional.ofNullable(kubeconfig), Optional.ofNullable(this.root), clock);
    } catch (VerifyTrustedRoot.LoadException e) {
      err.println(e.label() + ": " + e.getMessage());
      err.println("Nothing was verified.");
      return e.exitCode();
    }
    SignatureVerifier verifier =
        SignatureVerifier.create(
            new VerificationPolicy(trustedKeys, identities, ignoreTlog, root), clock);
    ImageVerification result =
        ImageVerifier.create(
                registry,
                DiscoveryLimits.DEFAULTS,
                verifier,
                VerdictCache.create(VerdictCacheSettings.DEFAULTS))
            .verify(image);
    return VerifyOutput.image(result, verifier, output, out, err);
  }

  private static void requireAuthority(
      List<VerificationKey> keys, List<KeylessIdentity> identities, CommandLine cl) {
    if (keys.isEmpty() && identities.isEmpty()) {
      throw new CommandLine.ParameterException(
          cl,
          "Give --key PEM, or --certificate-identity[-regexp] with"
              + " --certificate-oidc-issuer[-regexp], or both");
    }
  }

  /** The keyless identity: both a subject and an issuer option, or neither. */
  private List<KeylessIdentity> identities(CommandLine cl) {
    if (subject == null && issuer == null) {
      return List.of();
    }
    if (subject == null || issuer == null) {
      throw new CommandLine.ParameterException(
          cl,
          "Keyless verification needs both --certificate-identity[-regexp] and"
              + " --certificate-oidc-issuer[-regexp]");
    }
    try {
      return List.of(
          new KeylessIdentity(
              matcher(issuer.exact, issuer.regexp), matcher(subject.exact, subject.regexp)));
    } catch (InvalidPolicyException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  private static IdentityMatcher matcher(String exact, String regexp)
      throws InvalidPolicyException {
    return exact != null ? IdentityMatcher.exact(exact) : IdentityMatcher.regexp(regexp);
  }
}
