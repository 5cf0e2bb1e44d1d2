package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong values stop {@code helm template} before anything is rendered, with a message that names
 * the value: the types, enums and patterns of values.schema.json, and the rules between values that
 * the templates check. values.schema.json describes every value of values.yaml and refuses keys it
 * does not know.
 */
class ValuesSchemaIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path tmp;

  /** A value set that helm must refuse: {@code --set} arguments and what the message must name. */
  static Stream<Arguments> refused() {
    return Stream.of(
        // the schema
        Arguments.of("webhook.failurePolicy=Sometimes", "webhook.failurePolicy"),
        Arguments.of("webhook.timeoutSeconds=31", "webhook.timeoutSeconds"),
        Arguments.of("webhook.timeoutSeconds=0", "webhook.timeoutSeconds"),
        Arguments.of("mirrorServer.replica=3", "Additional property replica is not allowed"),
        Arguments.of("replicas=3", "Additional property replicas is not allowed"),
        Arguments.of("syncAgent.source.type=ftp", "syncAgent.source.type"),
        Arguments.of("syncAgent.source.url=ftp://example.com/repo", "syncAgent.source.url"),
        Arguments.of("syncAgent.source.proxy=socks5://bastion:1080", "syncAgent.source.proxy"),
        Arguments.of("syncAgent.interval=often", "syncAgent.interval"),
        Arguments.of("syncAgent.keep=0", "syncAgent.keep"),
        Arguments.of("syncAgent.resources.limits=null", "syncAgent.resources: limits is required"),
        Arguments.of(
            "mirrorServer.resources.requests.memory=lots",
            "mirrorServer.resources.requests.memory"),
        Arguments.of("mirrorServer.accessLog=verbose", "mirrorServer.accessLog"),
        Arguments.of("podSecurityContext.runAsUser=0", "podSecurityContext.runAsUser"),
        Arguments.of("image.digest=sha256:abc", "image.digest"),
        Arguments.of("image.pullPolicy=Sometimes", "image.pullPolicy"),
        Arguments.of("crds.trustRoot.install=maybe", "crds.trustRoot.install"),
        Arguments.of("webhook.tls.mode=manual", "webhook.tls.mode"),
        Arguments.of(
            "networkPolicy.apiServer.cidrs[0]=10.0.0.1", "networkPolicy.apiServer.cidrs.0"),
        Arguments.of(
            "prometheusRule.runbookBaseUrl=https://docs.example/no-slash",
            "prometheusRule.runbookBaseUrl"),
        Arguments.of("syncAgent.enabled=yes", "syncAgent.enabled"),
        // the rules between values (templates)
        Arguments.of("syncAgent.leaderElection.enabled=false", "syncAgent.leaderElection.enabled"),
        Arguments.of("syncAgent.source.type=git", "syncAgent.source.url"),
        Arguments.of(
            "syncAgent.source.type=git,syncAgent.source.url=git+https://h/r,syncAgent.source.proxy=http://p:3128",
            "syncAgent.source.proxy"),
        Arguments.of("syncAgent.source.type=bundle", "syncAgent.source.bundle.volume"),
        Arguments.of(
            "syncAgent.source.ca.configMap=a,syncAgent.source.ca.secret=b", "syncAgent.source.ca"),
        Arguments.of("webhook.tls.mode=secret", "webhook.tls.caBundle"),
        Arguments.of(
            "mirrorServer.tls.enabled=true,mirrorServer.tls.certManager.enabled=true",
            "mirrorServer.tls.certManager.issuerRef"),
        Arguments.of("pinnedRoot.existingSecret=root", "pinnedRoot"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWrongValuesNamingTheValue(String set, String named) throws Exception {
    Helm.Result r = template(true, "--set", set);

    assertThat(r.exitCode()).as("helm template --set %s:%n%s", set, r.output()).isNotZero();
    assertThat(r.stderr()).contains(named);
    assertThat(r.stdout()).as("nothing rendered").isBlank();
  }

  @Test
  void refusesToInstallWithoutAPinnedRoot() throws Exception {
    Helm.Result r = template(false);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("pinnedRoot").contains("never trusts on first use");
  }

  @Test
  void refusesAPinnedRootThatIsNoTufRoot() throws Exception {
    Path targets = tmp.resolve("targets.json");
    Files.writeString(
        targets, "{\"signed\": {\"_type\": \"targets\", \"version\": 1}, \"signatures\": []}");
    Path notJson = tmp.resolve("root.pem");
    Files.writeString(notJson, "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n");

    for (Path file : List.of(targets, notJson)) {
      Helm.Result r = template(false, "--set-file", "pinnedRoot.content=" + file);
      assertThat(r.exitCode()).as(file.toString()).isNotZero();
      assertThat(r.stderr()).as(file.toString()).contains("pinnedRoot.content: not a TUF root");
    }
  }

  @Test
  void theSchemaDescribesEveryValueAndRefusesUnknownKeys() throws IOException {
    JsonNode schema = JSON.readTree(ChartFiles.chart().resolve("values.schema.json").toFile());
    JsonNode values = YAML.readTree(ChartFiles.chart().resolve("values.yaml").toFile());

    List<String> paths = new ArrayList<>();
    describe(values, schema, schema, "", paths);

    assertThat(paths).as("values described by the schema").hasSizeGreaterThan(100);
  }

  /**
   * Shapes of Kubernetes and cert-manager types, whose keys are optional there too: their keys need
   * not be required.
   */
  static final Set<String> FOREIGN_SHAPES =
      Set.of("#/definitions/labelSelector", "#/definitions/issuerRef");

  /**
   * Each key of {@code values} must have a schema; objects with properties list all and no more.
   */
  private static void describe(
      JsonNode values, JsonNode schema, JsonNode root, String path, List<String> paths) {
    JsonNode s = resolve(schema, root);
    boolean foreign = FOREIGN_SHAPES.contains(schema.path("$ref").asText());
    if (!values.isObject() || !s.has("properties")) {
      return;
    }
    assertThat(s.path("additionalProperties").asBoolean(true))
        .as("%s refuses unknown keys", path.isEmpty() ? "the top level" : path)
        .isFalse();
    List<String> keys = new ArrayList<>();
    values.fieldNames().forEachRemaining(keys::add);
    List<String> required = new ArrayList<>();
    s.path("required").forEach(r -> required.add(r.asText()));
    if (!foreign) {
      assertThat(required)
          .as("%s: every key is required (a --set null cannot remove one)", path)
          .containsAll(keys);
    }
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode childSchema = s.path("properties").path(e.getKey());
      assertThat(childSchema.isMissingNode()).as("the schema describes %s", child).isFalse();
      JsonNode resolved = resolve(childSchema, root);
      assertThat(resolved.has("type") || resolved.has("enum")).as("%s has a type", child).isTrue();
      paths.add(child);
      describe(e.getValue(), childSchema, root, child, paths);
    }
  }

  private static JsonNode resolve(JsonNode schema, JsonNode root) {
    JsonNode s = schema;
    while (s.has("$ref")) {
      s = root.at(s.get("$ref").asText().substring(1));
    }
    return s;
  }

  private static Helm.Result template(boolean pinned, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "template",
                ValueSet.RELEASE,
                ChartFiles.chart().toString(),
                "--namespace",
                ValueSet.NAMESPACE));
    if (pinned) {
      args.addAll(List.of("--set-file", "pinnedRoot.content=" + ChartFiles.pinnedRoot()));
    }
    args.addAll(List.of(extra));
    return Helm.run(args);
  }
}
