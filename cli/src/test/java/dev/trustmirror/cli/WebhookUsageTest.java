package dev.trustmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad usage of {@code trust-mirror webhook}: a short error and exit 2 before anything listens or
 * connects; a broken pinned root or kubeconfig: a clear message and exit 1 or 3.
 */
class WebhookUsageTest {
  @TempDir Path tmp;

  @Test
  void hasHelpNamingEveryEndpointAndTheExitCodes() {
    Cli c = Cli.run("webhook", "--help");

    assertThat(c.exitCode()).isZero();
    assertThat(c.out())
        .contains("/validate", "/mutate", "/readyz", "--tls-cert", "--trustroot", "Exit codes:");
  }

  @Test
  void needsTheServingCertificateAndKey() {
    Cli c = Cli.run("webhook", "--port", "0");

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--tls-cert").contains("--tls-key");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--timeout=60s | --timeout",
        "--timeout=0s | --timeout",
        "--timeout=soon | --timeout",
        "--workers=0 | --workers",
        "--workers=5000 | --workers",
        "--check-threads=0 | --check-threads",
        "--check-threads=2000 | --check-threads",
        "--check-threads=many | --check-threads",
        "--cache-size=-1 | --cache-size",
        "--cache-ttl=0s | --cache-ttl",
        "--tag-ttl=-1s | --tag-ttl",
        "--port=70000 | port",
        "--metrics-port=-2 | port",
        "--trustroot=Not_A_Name | Not_A_Name",
        "--registry-timeout=0s | --registry-timeout",
        "--insecure-registry=http://x/y | x/y",
      })
  void refusesBadFlagsWithUsageExit(String flag, String named) {
    Cli c = Cli.run(args(flag));

    assertThat(c.exitCode()).as(c.err()).isEqualTo(2);
    assertThat(c.err()).contains(named);
  }

  @Test
  void refusesAPinnedRootThatIsNotATufRoot() throws Exception {
    Path root = Files.writeString(tmp.resolve("root.json"), "{\"signed\": 42}");

    Cli c = Cli.run(args("--root=" + root));

    assertThat(c.exitCode()).as(c.err()).isEqualTo(1);
    assertThat(c.err()).startsWith("FAILED: ");
  }

  @Test
  void saysWhichKubeconfigCannotBeRead() {
    Cli c = Cli.run(args("--kubeconfig=" + tmp.resolve("missing")));

    assertThat(c.exitCode()).as(c.err()).isEqualTo(3);
    assertThat(c.err()).contains("FAILED: Tried to read the kubeconfig").contains("missing");
  }

  private String[] args(String flag) {
    List<String> args = new ArrayList<>();
    args.add("webhook");
    args.add("--tls-cert=" + tmp.resolve("tls.crt"));
    args.add("--tls-key=" + tmp.resolve("tls.key"));
    args.add("--port=0");
    args.add(flag);
    return args.toArray(String[]::new);
  }
}
