package dev.trustmirror.cli;

import static dev.trustmirror.cli.SyncTrustRootCluster.NAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --trustroot NAME} and {@code --trustroot-file FILE}: the resource is verified with
 * the TUF client and graded like {@code status --repo}, same levels, same exit codes, plus its
 * conditions.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StatusTrustRootIT {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant TIMESTAMP_EXPIRES = T0.plus(Duration.ofDays(7));

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path tmp;
  SyncTrustRootCluster cluster;
  Path pin;
  Path out;

  @BeforeEach
  void syncIntoTheCluster() throws Exception {
    cluster = SyncTrustRootCluster.start(server, client, tmp);
    RepoBuilder repo = RepoBuilder.create(T0);
    pin = Files.write(tmp.resolve("1.root.json"), repo.metadata(RoleType.ROOT, 1));
    Path source = tmp.resolve("source");
    repo.writePublished(source);
    out = tmp.resolve("out");
    Cli sync =
        Cli.run(
            "sync",
            "--source",
            source.toString(),
            "--root",
            pin.toString(),
            "--out",
            out.toString(),
            "--time",
            T0.toString(),
            "--trustroot",
            NAME,
            "--kubeconfig",
            cluster.kubeconfig().toString());
    assertThat(sync.exitCode()).as(sync.err()).isZero();
  }

  private Cli status(Instant time, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "status",
                "--time",
                time.toString(),
                "--kubeconfig",
                cluster.kubeconfig().toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aTrustRootIsGradedExactlyLikeTheDirectoryItCameFrom() {
    Instant at = T0.plus(Duration.ofDays(1));
    Cli fromCluster = status(at, "--trustroot", NAME, "--root", pin.toString(), "-o", "json");
    Cli fromDirectory =
        Cli.run("status", "--repo", out.toString(), "--time", at.toString(), "-o", "json");

    assertThat(fromCluster.exitCode()).as(fromCluster.out()).isZero();
    JsonNode json = fromCluster.json();
    assertThat(json.get("level").asText()).isEqualTo("ok");
    assertThat(json.get("roles")).isEqualTo(fromDirectory.json().get("roles"));
    assertThat(json.get("trustRoot").get("name").asText()).isEqualTo(NAME);
    assertThat(json.get("trustRoot").get("anchor").asText()).isEqualTo("pinned-root");
    assertThat(json.get("trustRoot").get("server").asText())
        .isEqualTo(client.getConfiguration().getMasterUrl());
    JsonNode ready = json.get("conditions").get(0);
    assertThat(ready.get("type").asText()).isEqualTo("trust-mirror.dev/Ready");
    assertThat(ready.get("status").asText()).isEqualTo("True");
  }

  @Test
  void levelsAndExitCodesFollowTheTimestampExpiry() {
    String[] args = {"--trustroot", NAME, "--root", pin.toString(), "-o", "json"};

    Cli warning = status(TIMESTAMP_EXPIRES.minus(Duration.ofHours(48)), args);
    Cli critical = status(TIMESTAMP_EXPIRES.minus(Duration.ofHours(2)), args);
    Cli expired = status(TIMESTAMP_EXPIRES.plusSeconds(1), args);

    assertThat(warning.exitCode()).isEqualTo(1);
    assertThat(warning.json().get("level").asText()).isEqualTo("warning");
    assertThat(critical.exitCode()).isEqualTo(2);
    assertThat(critical.json().get("level").asText()).isEqualTo("critical");
    assertThat(expired.exitCode()).isEqualTo(2);
    assertThat(expired.json().get("level").asText()).isEqualTo("expired");
  }

  @Test
  void textOutputSaysWhichAnchorWasUsedAndShowsTheConditions() {
    Cli withoutRoot = status(T0.plus(Duration.ofHours(1)), "--trustroot", NAME);

    assertThat(withoutRoot.exitCode()).as(withoutRoot.out()).isZero();
    assertThat(withoutRoot.out())
        .startsWith("TrustRoot sigstore (")
        .contains("verified from its own spec.repository.root (give --root")
        .contains("Conditions:", "Overall: OK")
        .containsPattern("trust-mirror.dev/SyncFailed +False +Succeeded");
    Cli withRoot =
        status(T0.plus(Duration.ofHours(1)), "--trustroot", NAME, "--root", pin.toString());
    assertThat(withRoot.out()).contains("verified from the pinned root " + pin);
  }

  @Test
  void aTrustRootFileIsReadWithItsConditions() throws Exception {
    Path file = tmp.resolve("trustroot.json");
    ObjectNode resource = new ObjectMapper().valueToTree(cluster.trustRoot());
    Files.writeString(file, resource.toPrettyString());

    Cli c =
        Cli.run(
            "status",
            "--trustroot-file",
            file.toString(),
            "--root",
            pin.toString(),
            "--time",
            T0.plus(Duration.ofHours(1)).toString(),
            "-o",
            "json");

    assertThat(c.exitCode()).as(c.out()).isZero();
    assertThat(c.json().get("trustRoot").get("file").asText()).isEqualTo(file.toString());
    assertThat(c.json().get("conditions")).hasSize(3);
  }

  @Test
  void aMissingTrustRootIsUnknown() {
    Cli c = status(T0, "--trustroot", "absent");

    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.out()).startsWith("UNKNOWN: There is no TrustRoot absent on ");
  }

  @Test
  void aTrustRootFromAnotherRootIsUnknown() throws Exception {
    Path otherRoot =
        Files.write(
            tmp.resolve("other.root.json"), RepoBuilder.create(T0).metadata(RoleType.ROOT, 1));

    Cli c = status(T0, "--trustroot", NAME, "--root", otherRoot.toString(), "-o", "json");

    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.json().get("level").asText()).isEqualTo("unknown");
  }

  @Test
  void aTamperedTrustRootFileIsUnknown() throws Exception {
    ObjectNode resource = new ObjectMapper().valueToTree(cluster.trustRoot());
    ObjectNode repository = (ObjectNode) resource.get("spec").get("repository");
    repository.put("mirrorFS", "H4sIAAAAAAAA/w==");
    Path file = Files.writeString(tmp.resolve("tampered.json"), resource.toPrettyString());

    Cli c = Cli.run("status", "--trustroot-file", file.toString(), "--time", T0.toString());

    assertThat(c.exitCode()).isEqualTo(3);
    assertThat(c.out()).startsWith("UNKNOWN: ");
  }

  @Test
  void rootAndKubeconfigAreNotForADirectory() {
    Cli c = Cli.run("status", "--repo", out.toString(), "--root", pin.toString());

    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("--root and --kubeconfig are for --trustroot");
  }

  @Test
  void exactlyOneThingToCheck() {
    assertThat(Cli.run("status").exitCode()).isEqualTo(2);
    assertThat(Cli.run("status", "--repo", out.toString(), "--trustroot", NAME).exitCode())
        .isEqualTo(2);
  }
}
