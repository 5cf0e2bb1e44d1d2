package dev.trustmirror.cli;

import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.UpdateResult;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The client side of the TUF conformance suite's CLI protocol, so that our TUF client can be
 * checked by that independent suite. Exit 0 on success, 1 on any failure.
 */
@Command(
    name = "tuf-client",
    mixinStandardHelpOptions = true,
    description = {
      "TUF conformance-suite client protocol:",
      "  tuf-client --metadata-dir DIR init TRUSTED_ROOT_FILE",
      "  tuf-client --metadata-url URL --metadata-dir DIR refresh",
      "  tuf-client --metadata-url URL --metadata-dir DIR --target-name NAME... "
          + "--target-dir DIR --target-base-url URL download"
    })
final class TufClientCommand implements Callable<Integer> {
  @Option(names = "--metadata-dir", required = true, paramLabel = "DIR")
  Path metadataDir;

  @Option(names = "--metadata-url", paramLabel = "URL")
  String metadataUrl;

  @Option(names = "--target-name", paramLabel = "NAME", arity = "1..*")
  List<String> targetNames = new ArrayList<>();

  @Option(names = "--target-dir", paramLabel = "DIR")
  Path targetDir;

  @Option(names = "--target-base-url", paramLabel = "URL")
  String targetBaseUrl;

  @Parameters(index = "0", paramLabel = "COMMAND", description = "init, refresh or download")
  String command;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TRUSTED_ROOT_FILE")
  Path trustedRootFile;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      switch (command) {
        case "init" -> init();
        case "refresh" -> update(false);
        case "download" -> update(true);
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
      return 0;
    } catch (Exception e) {
      err.println("tuf-client " + command + " failed: " + e.getMessage());
      return 1;
    }
  }

  private void init() throws IOException {
    if (trustedRootFile == null) {
      throw new IllegalArgumentException("init needs TRUSTED_ROOT_FILE");
    }
    Files.createDirectories(metadataDir);
    write(metadataDir.resolve("root.json"), Files.readAllBytes(trustedRootFile));
  }

  private void update(boolean download) throws Exception {
    if (metadataUrl == null) {
      throw new IllegalArgumentException("--metadata-url is required");
    }
    if (download && (targetDir == null || targetBaseUrl == null || targetNames.isEmpty())) {
      throw new IllegalArgumentException(
          "download needs --target-name, --target-dir and --target-base-url");
    }
    TrustState state = loadState();
    Set<String> wanted = new HashSet<>(targetNames);
    try (RepositorySource metadata = RepositorySources.open(metadataUrl, SourceOptions.defaults());
        RepositorySource targets =
            download ? RepositorySources.open(targetBaseUrl, SourceOptions.defaults()) : metadata) {
      RepositorySource source = new TargetRoutingSource(metadata, targets);
      UpdateResult result =
          new TufUpdater(source, time.clock(), Limits.defaults())
              .withTargetFilter(name -> download && wanted.contains(name))
              .update(state);
      VerifiedRepository repo = result.repository().orElseThrow();
      storeMetadata(repo);
      if (download) {
        storeTargets(repo);
      }
    }
  }

  private TrustState loadState() throws Exception {
    byte[] root = Files.readAllBytes(metadataDir.resolve("root.json"));
    Map<String, byte[]> targetsRoles = new LinkedHashMap<>();
    try (var files = Files.list(metadataDir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".json")
            && !Set.of("root.json", "timestamp.json", "snapshot.json").contains(name)) {
          String role =
              java.net.URLDecoder.decode(
                  name.substring(0, name.length() - 5), StandardCharsets.UTF_8);
          targetsRoles.put(role, Files.readAllBytes(p));
        }
      }
    }
    return TrustState.restore(root, read("timestamp.json"), read("snapshot.json"), targetsRoles);
  }

  private Optional<byte[]> read(String name) throws IOException {
    Path p = metadataDir.resolve(name);
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  private void storeMetadata(VerifiedRepository repo) throws IOException {
    write(metadataDir.resolve("root.json"), repo.trustedRootBytes());
    for (RoleInfo role : repo.roles()) {
      if (role.role().equals("root")) {
        continue;
      }
      String file = URLEncoder.encode(role.role(), StandardCharsets.UTF_8) + ".json";
      write(metadataDir.resolve(file), repo.bytes(repo.metadataPath(role.role())));
    }
  }

  private void storeTargets(VerifiedRepository repo) throws IOException {
    Files.createDirectories(targetDir);
    for (String name : targetNames) {
      byte[] bytes =
          repo.findTarget(name)
              .orElseThrow(() -> new IOException("no verified target named " + name));
      write(targetDir.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8)), bytes);
    }
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
