package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The command lines the chart gives the containers: each source's flags, files that are mounted
 * where the flags say, and only options that {@code trust-mirror sync}, {@code serve} and {@code
 * webhook} declare (read from the CLI's sources, so that a renamed option fails here and not in a
 * cluster).
 */
class CommandLineIT {
  static final Path CLI = Path.of("cli/src/main/java/dev/trustmirror/cli");
  static final Pattern OPTION_NAMES = Pattern.compile("names\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")");
  static final Pattern QUOTED = Pattern.compile("\"(-[^\"]*)\"");

  @Test
  void theDefaultSyncAgentSyncsTheUpstreamIntoItsTrustRootWithLeaderElection() {
    Container sync = syncAgent(ValueSet.DEFAULTS);

    assertThat(sync.getArgs())
        .containsExactly(
            "sync",
            "--interval=10m",
            "--out=/data",
            "--keep=3",
            "--max-target-size=33554432",
            "--root=/etc/trust-mirror/root/root.json",
            "--source=https://tuf-repo-cdn.sigstore.dev",
            "--trustroot=tm-trust-mirror",
            "--namespace=trust-mirror",
            "--leader-election=true",
            "--lease-name=tm-trust-mirror-sync-agent",
            "--lease-duration=15s",
            "--lease-renew-deadline=10s",
            "--lease-retry-period=2s",
            "--metrics-port=9090",
            "--metrics-host=0.0.0.0");
  }

  @Test
  void theProxySourceGoesThroughTheBastionWithItsCa() {
    Container sync = syncAgent(ValueSet.PROXY_SOURCE);
    Deployment d = RenderedChart.of(ValueSet.PROXY_SOURCE).deployment("sync-agent").orElseThrow();

    assertThat(Pods.argument(sync, "--source")).contains("https://tuf-repo-cdn.sigstore.dev");
    assertThat(Pods.argument(sync, "--proxy")).contains("http://bastion.corp.example:3128");
    assertThat(Pods.argument(sync, "--ca-file")).contains("/etc/trust-mirror/ca/ca.crt");
    assertThat(sync.getArgs())
        .noneMatch(a -> a.startsWith("--leader-election") || a.startsWith("--lease-"));
    Volume ca = Pods.volume(d, "source-ca").orElseThrow();
    assertThat(ca.getSecret().getSecretName()).isEqualTo("bastion-ca");
    assertThat(ca.getSecret().getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getKey() + "->" + i.getPath()).isEqualTo("ca.crt->ca.crt"));
  }

  @Test
  void theGitSourceNamesItsRefPathAndCa() {
    Container sync = syncAgent(ValueSet.GIT_SOURCE);
    Deployment d = RenderedChart.of(ValueSet.GIT_SOURCE).deployment("sync-agent").orElseThrow();

    assertThat(Pods.argument(sync, "--source"))
        .contains("git+https://git.corp.example/mirrors/root-signing.git");
    assertThat(Pods.argument(sync, "--git-ref")).contains("main");
    assertThat(Pods.argument(sync, "--git-path")).contains("repository");
    assertThat(Pods.argument(sync, "--interval")).contains("1h");
    assertThat(Pods.argument(sync, "--proxy")).isEmpty();
    Volume ca = Pods.volume(d, "source-ca").orElseThrow();
    assertThat(ca.getConfigMap().getName()).isEqualTo("corp-ca-bundle");
    assertThat(ca.getConfigMap().getItems())
        .singleElement()
        .satisfies(
            i -> assertThat(i.getKey() + "->" + i.getPath()).isEqualTo("ca-bundle.crt->ca.crt"));
  }

  @Test
  void theBundleSourceReadsTheMountedBundleAndChecksItsSignature() {
    Container sync = syncAgent(ValueSet.BUNDLE_SOURCE);
    Deployment d = RenderedChart.of(ValueSet.BUNDLE_SOURCE).deployment("sync-agent").orElseThrow();

    assertThat(Pods.argument(sync, "--source"))
        .contains("bundle:/bundles/weekly/sigstore-2026-11-02.tar.gz");
    assertThat(Pods.argument(sync, "--verify-key"))
        .contains("/etc/trust-mirror/bundle-key/verify-key.pem");
    assertThat(sync.getArgs())
        .noneMatch(
            a -> a.startsWith("--proxy") || a.startsWith("--ca-file") || a.startsWith("--git-"));
    assertThat(Pods.volume(d, "bundles").orElseThrow().getPersistentVolumeClaim().getClaimName())
        .isEqualTo("trust-bundles");
    assertThat(Pods.mountHolding(sync, "/bundles/weekly/sigstore-2026-11-02.tar.gz"))
        .hasValueSatisfying(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(Pods.volume(d, "bundle-key").orElseThrow().getSecret().getSecretName())
        .isEqualTo("bundle-signing-key");
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void everyFileAFlagNamesIsMountedFromTheVolumeThatHoldsIt(ValueSet values) {
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      Container c = Pods.main(d);
      for (String flag :
          List.of("--root", "--ca-file", "--verify-key", "--tls-cert", "--tls-key")) {
        Pods.argument(c, flag)
            .ifPresent(
                file -> {
                  VolumeMount m =
                      Pods.mountHolding(c, file)
                          .orElseThrow(
                              () ->
                                  new AssertionError(
                                      d.getMetadata().getName()
                                          + ": "
                                          + flag
                                          + "="
                                          + file
                                          + " is on no volume"));
                  assertThat(m.getReadOnly()).as("%s %s", d.getMetadata().getName(), flag).isTrue();
                });
      }
      Pods.argument(c, "--root")
          .ifPresent(root -> assertThat(root).isEqualTo("/etc/trust-mirror/root/root.json"));
    }
    RenderedChart chart = RenderedChart.of(values);
    Set<String> trustRoots = new TreeSet<>();
    chart
        .all(Deployment.class)
        .forEach(d -> Pods.argument(Pods.main(d), "--trustroot").ifPresent(trustRoots::add));
    assertThat(trustRoots)
        .as("sync writes the TrustRoot mirror-server serves")
        .hasSizeLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void syncAndServeAreGivenOnlyOptionsTheCliDeclares(ValueSet values) throws IOException {
    Set<String> sync =
        declaredOptions("SyncCommand.java", "TrustRootPublishing.java", "TimeOption.java");
    Set<String> serve = declaredOptions("ServeCommand.java", "TimeOption.java");
    Set<String> webhook =
        declaredOptions("WebhookCommand.java", "RegistryAccess.java", "TimeOption.java");
    for (Deployment d : RenderedChart.of(values).all(Deployment.class)) {
      List<String> args = Pods.main(d).getArgs();
      Set<String> declared =
          switch (args.get(0)) {
            case "sync" -> sync;
            case "serve" -> serve;
            case "webhook" -> webhook;
            default -> throw new AssertionError("unknown command " + args);
          };
      for (String a : args.subList(1, args.size())) {
        assertThat(declared)
            .as("trust-mirror %s declares %s", args.get(0), a)
            .contains(a.split("=", 2)[0]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void mirrorServerServesTheTrustRootOnAllAddressesWithHealthOnTheAdminPort(ValueSet values) {
    RenderedChart.of(values)
        .deployment("mirror-server")
        .ifPresent(
            d -> {
              Container c = Pods.main(d);
              assertThat(c.getArgs().get(0)).isEqualTo("serve");
              assertThat(Pods.argument(c, "--host")).contains("0.0.0.0");
              assertThat(Pods.argument(c, "--port")).contains("8080");
              assertThat(Pods.argument(c, "--admin-port")).contains("9090");
              assertThat(Pods.argument(c, "--trustroot")).isPresent();
              boolean tls = values == ValueSet.CERT_MANAGER;
              assertThat(Pods.argument(c, "--tls-cert").isPresent()).as("HTTPS").isEqualTo(tls);
              assertThat(Pods.port(c, tls ? "https" : "http"))
                  .hasValueSatisfying(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
            });
  }

  @Test
  void theOptionScanFindsTheCliOptionsAndOnlyThem() throws IOException {
    Set<String> serve = declaredOptions("ServeCommand.java", "TimeOption.java");

    assertThat(serve)
        .contains(
            "--trustroot", "--root", "--host", "--port", "--admin-port", "--tls-cert", "--time");
    assertThat(serve).doesNotContain("--leader-election", "--interval", "--trustroot-adopt");
    assertThat(declaredOptions("TrustRootPublishing.java"))
        .contains("--leader-election", "--lease-name", "--namespace");
  }

  /** Every option name of the picocli {@code @Option(names = …)} declarations of these sources. */
  static Set<String> declaredOptions(String... sources) throws IOException {
    Set<String> names = new TreeSet<>();
    for (String source : sources) {
      String text = Files.readString(ChartFiles.repoRoot().resolve(CLI).resolve(source));
      Matcher m = OPTION_NAMES.matcher(text);
      while (m.find()) {
        Matcher q = QUOTED.matcher(m.group(1));
        while (q.find()) {
          names.add(q.group(1));
        }
      }
    }
    assertThat(names).as("options found in %s", List.of(sources)).isNotEmpty();
    return names;
  }

  private static Container syncAgent(ValueSet values) {
    return Pods.main(RenderedChart.of(values).deployment("sync-agent").orElseThrow());
  }
}
