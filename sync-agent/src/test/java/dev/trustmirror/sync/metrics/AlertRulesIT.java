package dev.trustmirror.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart's alert rules ({@code helm/trust-mirror/files/alerts/}) checked by promtool (the
 * Debian package {@code prometheus}, installed by {@code ./test.sh}) and against the code: every
 * metric they name is exposed by a real sync's {@link SyncMetrics}, every runbook link lands on a
 * heading of docs/operations.md, every alert is exercised by a promtool test.
 */
class AlertRulesIT {
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final String RULES = "trust-mirror.rules.yaml";
  static final String RUNBOOK_BASE = "https://trust-mirror.invalid/docs/";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Pattern METRIC = Pattern.compile("\\btrustmirror_[a-z0-9_]*[a-z0-9]");
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path tmp;

  /** The repository root: the parent of this module's directory (Failsafe sets basedir). */
  static Path repoRoot() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
  }

  static Path chart() {
    return repoRoot().resolve("helm/trust-mirror");
  }

  static Path alerts() {
    return chart().resolve("files/alerts");
  }

  record Promtool(int exitCode, String output) {}

  static Promtool promtool(Path dir, String... args) throws Exception {
    if (!Files.isExecutable(PROMTOOL)) {
      fail(PROMTOOL + " is missing: install the Debian package 'prometheus' (./test.sh does)");
    }
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A limit so that a hung promtool cannot hang the build; not a timing check.
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("promtool %s did not finish:%n%s", String.join(" ", args), output);
    }
    return new Promtool(p.exitValue(), output);
  }

  static String[] testRules(Path alertsDir) throws IOException {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(testFiles(alertsDir));
    return args.toArray(String[]::new);
  }

  static List<String> testFiles(Path alertsDir) throws IOException {
    try (Stream<Path> files = Files.list(alertsDir.resolve("tests"))) {
      return files
          .map(p -> "tests/" + p.getFileName())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  static JsonNode rules() throws IOException {
    return YAML.readTree(alerts().resolve(RULES).toFile());
  }

  static List<JsonNode> alertRules() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    rules().path("groups").forEach(g -> g.path("rules").forEach(all::add));
    return all;
  }

  @Test
  void promtoolChecksTheRuleFile() throws Exception {
    Promtool r = promtool(alerts(), "check", "rules", RULES);
    assertThat(r.exitCode()).as("promtool check rules:%n%s", r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: " + alertRules().size() + " rules found");
  }

  @Test
  void promtoolUnitTestsPass() throws Exception {
    assertThat(testFiles(alerts())).contains("tests/expiry.yaml", "tests/sync.yaml");
    Promtool r = promtool(alerts(), testRules(alerts()));
    assertThat(r.exitCode()).as("promtool test rules:%n%s", r.output()).isZero();
  }

  @Test
  void promtoolUnitTestsCatchAThresholdMovedByOneEvaluationStep() throws Exception {
    // The tests check each alert one evaluation step before it fires: a `for:` one minute
    // shorter must make them fail, or they would not pin the boundary.
    Path copy = Files.createDirectories(tmp.resolve("alerts/tests"));
    for (String test : testFiles(alerts())) {
      Files.copy(alerts().resolve(test), copy.getParent().resolve(test));
    }
    String rules = Files.readString(alerts().resolve(RULES));
    assertThat(rules).contains("for: 30m");
    Files.writeString(copy.getParent().resolve(RULES), rules.replace("for: 30m", "for: 29m"));

    Promtool r = promtool(copy.getParent(), testRules(copy.getParent()));

    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("FAILED").contains("TrustMirrorTimestampExpiring");
  }

  @Test
  void everyMetricTheRulesNameIsExposedByARealSync() throws Exception {
    Set<String> named = new TreeSet<>();
    for (JsonNode rule : alertRules()) {
      named.addAll(metricNames(rule.path("expr").asText()));
      rule.path("annotations").forEach(a -> named.addAll(metricNames(a.asText())));
    }
    assertThat(named)
        .contains(
            "trustmirror_role_expires_in_seconds",
            "trustmirror_sync_last_success_timestamp_seconds",
            "trustmirror_sync_agent_start_timestamp_seconds",
            "trustmirror_sync_attempts_total");

    Set<String> exposed = PrometheusText.parse(scrapeAfterASuccessAndARefusal()).names();

    assertThat(exposed).containsAll(named);
  }

  private String scrapeAfterASuccessAndARefusal() throws Exception {
    RepoBuilder repo = RepoBuilder.create(T0);
    Path source = tmp.resolve("source");
    Path out = tmp.resolve("out");
    repo.writePublished(source);
    byte[] oldTimestamp = repo.metadata(RoleType.TIMESTAMP);
    repo.bumpTimestamp().writePublished(source);
    SyncMetrics metrics = new SyncMetrics(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
    SyncMetrics.Attempt attempt =
        () -> {
          try (RepositorySource src =
              RepositorySources.open(source.toString(), SourceOptions.defaults())) {
            return new SyncAgent(
                    src,
                    new GenerationPublisher(out, 3),
                    java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC),
                    Limits.defaults())
                .syncOnce(Optional.of(repo.metadata(RoleType.ROOT, 1)));
          }
        };
    metrics.record(attempt);
    Files.write(source.resolve("timestamp.json"), oldTimestamp);
    try {
      metrics.record(attempt);
      fail("a rolled-back timestamp was accepted");
    } catch (dev.trustmirror.tuf.RollbackException expected) {
      // counted as trustmirror_sync_failures_total{reason="Rollback"}
    }
    return metrics.scrape();
  }

  private static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  @Test
  void everyAlertHasASeverityASummaryADescriptionAndARunbookOnOperationsMd() throws Exception {
    Set<String> anchors = headingAnchors(repoRoot().resolve("docs/operations.md"));
    for (JsonNode rule : alertRules()) {
      String alert = rule.path("alert").asText();
      assertThat(alert).as("every rule is an alert").matches("TrustMirror[A-Za-z]+");
      assertThat(rule.path("labels").path("severity").asText())
          .as(alert)
          .isIn("warning", "critical");
      assertThat(rule.path("for").asText()).as("%s states its for: on purpose", alert).isNotEmpty();
      assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
      String anchor = alert.toLowerCase(Locale.ROOT);
      assertThat(rule.path("annotations").path("runbook_url").asText())
          .as(alert)
          .isEqualTo(RUNBOOK_BASE + "operations.md#" + anchor);
      assertThat(anchors).as("a heading '%s' in docs/operations.md", alert).contains(anchor);
    }
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  static Set<String> headingAnchors(Path markdown) throws IOException {
    Set<String> anchors = new TreeSet<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(markdown)) {
      if (line.startsWith("```")) {
        inCode = !inCode; // a '# comment' in a shell block is no heading
      } else if (!inCode && line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
        anchors.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  @Test
  void everyAlertIsSeenFiringInAPromtoolTest() throws Exception {
    Set<String> fired = new TreeSet<>();
    for (String test : testFiles(alerts())) {
      for (JsonNode t : YAML.readTree(alerts().resolve(test).toFile()).path("tests")) {
        for (JsonNode check : t.path("alert_rule_test")) {
          if (!check.path("exp_alerts").isEmpty()) {
            fired.add(check.path("alertname").asText());
          }
        }
      }
    }
    Set<String> alerts = new TreeSet<>();
    alertRules().forEach(r -> alerts.add(r.path("alert").asText()));
    assertThat(fired).containsExactlyElementsOf(alerts);
  }

  @Test
  void theChartWrapsTheRuleFileInAPrometheusRule() throws Exception {
    JsonNode chart = YAML.readTree(chart().resolve("Chart.yaml").toFile());
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("name").asText()).isEqualTo("trust-mirror");
    assertThat(chart.path("version").asText()).isEqualTo("0.1.0");
    JsonNode values = YAML.readTree(chart().resolve("values.yaml").toFile());
    assertThat(values.at("/prometheusRule/enabled").isBoolean()).isTrue();
    assertThat(values.at("/prometheusRule/runbookBaseUrl").asText()).isEqualTo(RUNBOOK_BASE);
    String template = Files.readString(chart().resolve("templates/prometheusrule.yaml"));
    assertThat(template)
        .contains("kind: PrometheusRule")
        .contains("apiVersion: monitoring.coreos.com/v1")
        .contains(".Values.prometheusRule.enabled")
        .contains(".Values.prometheusRule.labels")
        .contains(".Files.Get \"files/alerts/" + RULES + "\"")
        .contains("replace \"" + RUNBOOK_BASE + "\" .Values.prometheusRule.runbookBaseUrl");
  }
}
