package dev.trustmirror.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.bundles.BundleManifest;
import dev.trustmirror.bundles.OfflineBundle;
import dev.trustmirror.bundles.SignatureStatus;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.sync.source.BundleSource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.expiry.ExpiryLevel;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trust-mirror bundle inspect}: what a bundle holds and whether an import would accept it,
 * without importing anything.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a bundle's manifest, the result of the archive, manifest and signature checks, the",
      "TUF verification from --root when given, and each role's expiry. Imports nothing."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the bundle passes every check that was run and has not expired",
      "1:refused by a check, or a role has expired",
      "2:usage error",
      "3:I/O error"
    })
final class BundleInspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.tar.gz).")
  Path bundle;

  @Option(
      names = "--verify-key",
      paramLabel = "PEM",
      description = "Admin's P-256 public key: the signature must verify with it.")
  Path verifyKey;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description = "Pinned root: also run the full TUF verification of the bundled repository.")
  Path root;

  @Option(
      names = "-o",
      paramLabel = "FORMAT",
      description = "Output format: text (default) or json.")
  StatusCommand.OutputFormat output = StatusCommand.OutputFormat.text;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** What inspecting found; {@code bundle} is null when the archive itself was refused. */
  private record Findings(
      OfflineBundle bundle,
      Optional<TufRefusalException> refusal,
      String tuf,
      List<RoleInfo> roles,
      Optional<String> rootSha256) {}

  @Override
  public Integer call() throws IOException {
    Optional<PublicKey> key = BundleCommand.verifyKey(verifyKey, spec.commandLine());
    Optional<byte[]> pin = root == null ? Optional.empty() : Optional.of(Files.readAllBytes(root));
    Instant now = time.clock().instant();
    Findings f;
    try {
      f = inspect(key, pin);
    } catch (SourceUnavailableException e) {
      spec.commandLine().getErr().println("UNAVAILABLE: " + e.getMessage());
      return ExitCodes.IO;
    }
    ExpiryReport expiry =
        ExpiryReport.evaluate(f.roles(), now, BundleCommand.WARN, BundleCommand.CRITICAL);
    boolean ok = f.refusal().isEmpty() && expiry.level() != ExpiryLevel.EXPIRED;
    PrintWriter out = spec.commandLine().getOut();
    if (output == StatusCommand.OutputFormat.json) {
      out.println(json(f, expiry, ok).toPrettyString());
    } else {
      text(out, f, now, ok);
    }
    return ok ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private Findings inspect(Optional<PublicKey> key, Optional<byte[]> pin)
      throws SourceUnavailableException {
    Optional<String> rootSha = pin.map(BundleInspectCommand::sha256);
    OfflineBundle checked = null;
    try (BundleSource source = BundleSource.open(bundle, key, ArchiveLimits.defaults())) {
      checked = source.load();
      if (pin.isEmpty()) {
        return new Findings(
            checked, Optional.empty(), "not run", checked.manifest().roles(), rootSha);
      }
      List<RoleInfo> verified =
          new TufUpdater(source, time.clock(), Limits.defaults())
              .update(TrustState.pin(pin.get()))
              .repository()
              .orElseThrow()
              .roles();
      return new Findings(checked, Optional.empty(), "verified", verified, rootSha);
    } catch (TufRefusalException e) {
      List<RoleInfo> roles = checked == null ? List.of() : checked.manifest().roles();
      return new Findings(
          checked, Optional.of(e), checked == null ? "not run" : "refused", roles, rootSha);
    } catch (IOException e) {
      throw e instanceof SourceUnavailableException s
          ? s
          : new SourceUnavailableException(bundle.toString(), e.toString(), e);
    }
  }

  private void text(PrintWriter out, Findings f, Instant now, boolean ok) {
    out.println("Bundle " + bundle);
    if (f.bundle() != null) {
      BundleManifest m = f.bundle().manifest();
      out.printf("  format:       %s version %d%n", BundleManifest.FORMAT, m.formatVersion());
      out.printf("  created:      %s%n", m.created());
      out.printf("  source:       %s%n", m.source());
      out.printf("  pinned root:  sha256 %s%s%n", m.pinnedRootSha256(), rootNote(f, m));
      out.printf("  content hash: %s%n", m.contentHash());
      out.printf("  files:        %d (%d bytes)%n", m.files().size(), m.totalBytes());
      out.println(
          "  archive:      ok (plain files, safe paths, within limits, match the manifest)");
      out.printf(
          "  signature:    %s%s%n",
          f.bundle().signature().label(),
          f.bundle().signature() == SignatureStatus.NOT_CHECKED ? " (give --verify-key)" : "");
      out.printf(
          "  TUF:          %s%n", f.tuf().equals("not run") ? "not run (give --root)" : f.tuf());
      out.println("  " + BundleCommand.validity(f.roles(), now));
      BundleCommand.printRoles(out, f.roles(), now);
    }
    f.refusal().ifPresent(e -> out.println("REFUSED (" + e.reason() + "): " + e.getMessage()));
    out.println(ok ? "Result: an import would accept this bundle" : "Result: REFUSED");
  }

  private static String rootNote(Findings f, BundleManifest m) {
    return f.rootSha256()
        .map(sha -> sha.equals(m.pinnedRootSha256()) ? " (= --root)" : " (not --root)")
        .orElse("");
  }

  private ObjectNode json(Findings f, ExpiryReport expiry, boolean ok) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode n = mapper.createObjectNode();
    n.put("bundle", bundle.toString());
    n.put("ok", ok);
    f.refusal()
        .ifPresent(
            e -> n.putObject("refusal").put("reason", e.reason()).put("message", e.getMessage()));
    if (f.bundle() != null) {
      try {
        n.set(
            "manifest",
            mapper.readTree(new String(f.bundle().manifestBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("a parsed manifest is JSON", e);
      }
      n.put("signature", f.bundle().signature().name().toLowerCase(java.util.Locale.ROOT));
    }
    n.put("tuf", f.tuf());
    n.put("level", expiry.level().label());
    ArrayNode roles = n.putArray("roles");
    for (ExpiryReport.RoleExpiry r : expiry.roles()) {
      roles
          .addObject()
          .put("role", r.role())
          .put("version", r.version())
          .put("expires", r.expires().toString())
          .put("secondsLeft", r.secondsLeft())
          .put("level", r.level().label());
    }
    return n;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
